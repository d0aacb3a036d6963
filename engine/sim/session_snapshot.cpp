#include "sim/session_snapshot.h"

namespace tickscope::sim {

std::vector<std::string> SessionSnapshot::taskNames() const {
  std::vector<std::string> out;
  out.reserve(tasks.size());
  for (const SessionTaskSnapshot& t : tasks) out.push_back(t.name);
  return out;
}

std::vector<std::string> SessionSnapshot::waitUntilNames() const {
  std::vector<std::string> out;
  for (const SessionTaskSnapshot& t : tasks) {
    if (t.waitUntil) out.push_back(t.name);
  }
  return out;
}

std::vector<std::string> SessionSnapshot::danglingNames() const {
  std::vector<std::string> out;
  out.reserve(dangling.size());
  for (const DanglingTask& t : dangling) out.push_back(t.name);
  return out;
}

}  // namespace tickscope::sim
