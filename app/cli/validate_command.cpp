#include <fmt/format.h>

#include "cli/commands.h"
#include "graph/loader.h"

namespace tickscope::app {

int validateCommand(const ValidateCommand& command, std::ostream& out, std::ostream& err) {
  const graph::LoadResult loaded = graph::loadGraph(command.file, graph::LoadLimits::fromEnvironment());
  err << loaded.warningText();
  if (!loaded.ok()) {
    err << loaded.errorText();
    return kExitInputError;
  }
  const graph::GraphDocument& doc = *loaded.document;
  std::size_t effects = 0;
  for (const graph::Action& a : doc.actions) effects += a.kind == graph::ActionKind::Effect;
  std::size_t requests = 0;
  for (const graph::Event& e : doc.events) requests += e.session.has_value();
  out << fmt::format("{}: ok: \"{}\", {} cells, {} actions ({} effects, {} computations), {} events ({} requests)\n",
                     command.file, doc.name, doc.cellCount(), doc.actions.size(), effects,
                     doc.actions.size() - effects, doc.events.size(), requests);
  out.flush();
  return out ? kExitOk : kExitFailure;
}

}  // namespace tickscope::app
