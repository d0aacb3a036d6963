#include "bench/shapes/kairo.h"

namespace tickscope::shapes::kairo {

std::unique_ptr<Shape> make(std::string_view name, reactive::Mode mode, SchedulerPtr scheduler) {
  if (name == "deep") return makeDeep(mode, std::move(scheduler));
  if (name == "broad") return makeBroad(mode, std::move(scheduler));
  if (name == "diamond") return makeDiamond(mode, std::move(scheduler));
  if (name == "triangle") return makeTriangle(mode, std::move(scheduler));
  if (name == "mux") return makeMux(mode, std::move(scheduler));
  if (name == "avoidable") return makeAvoidable(mode, std::move(scheduler));
  if (name == "repeated") return makeRepeated(mode, std::move(scheduler));
  if (name == "unstable") return makeUnstable(mode, std::move(scheduler));
  return nullptr;
}

}  // namespace tickscope::shapes::kairo
