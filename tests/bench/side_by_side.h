#pragma once
// SideBySide: Google Benchmark's console output, then one table with a line per shape and a
// column per system: Tickscope pull and push, QProperty and, given the output of
// /work/shared/anchors/run.sh (TICKSCOPE_ANCHORS=FILE), alien-signals, with pull's ratio to
// each. Rows are named "<shape>/<system>" (system: pull, push, qproperty); the time of a row
// is its `time_per_update` counter when it has one (seconds), else its time per iteration. A
// `bytes_per_node` counter is shown as bytes. Timings are reported, never judged.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace tickscope::bench {

class SideBySide : public benchmark::ConsoleReporter {
 public:
  // anchorsFile: run.sh's output ("" for none): its table rows "<shape> <alien> <qt> <ratio>".
  explicit SideBySide(const std::string& anchorsFile) {
    std::ifstream in(anchorsFile);
    for (std::string line; std::getline(in, line);) {
      std::istringstream words(line);
      std::string shape, alien, qt, ratio;
      if (!(words >> shape >> alien >> qt >> ratio)) continue;
      try {
        alien_[shape] = std::stod(alien);
      } catch (...) {  // the heading, "n/a"
      }
    }
  }

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name != "median") continue;
      const std::string name = run.run_name.function_name;  // (without "/manual_time", "/iterations:1")
      const auto slash = name.rfind('/');
      if (slash == std::string::npos) continue;
      Cell& cell = rows_[name.substr(0, slash)][name.substr(slash + 1)];
      if (auto bytes = run.counters.find("bytes_per_node"); bytes != run.counters.end()) {
        cell = Cell{bytes->second.value, true};
      } else if (auto t = run.counters.find("time_per_update"); t != run.counters.end()) {
        cell = Cell{t->second.value * 1e9, false};
      } else {
        cell = Cell{run.GetAdjustedRealTime() * 1e9 / benchmark::GetTimeUnitMultiplier(run.time_unit), false};
      }
      if (std::find(order_.begin(), order_.end(), name.substr(0, slash)) == order_.end())
        order_.push_back(name.substr(0, slash));
    }
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    if (rows_.empty()) return;
    std::string out = fmt::format("\n{:<44} {:>12} {:>12} {:>12} {:>13} {:>10} {:>10}\n", "side by side (ns per update)",
                                  "pull", "push", "QProperty", "alien-signals", "pull/Qt", "pull/alien");
    for (const std::string& row : order_) {
      const auto& cells = rows_[row];
      const Cell* pull = find(cells, "pull");
      const Cell* push = find(cells, "push");
      const Cell* qt = find(cells, "qproperty");
      const auto alien = alien_.find(anchorName(row));
      const bool bytes = (pull && pull->bytes) || (qt && qt->bytes);
      out += fmt::format("{:<44} {:>12} {:>12} {:>12} {:>13} {:>10} {:>10}\n", row + (bytes ? " (bytes)" : ""), text(pull),
                         text(push), text(qt), alien == alien_.end() || bytes ? "-" : number(alien->second),
                         ratio(pull, qt ? qt->value : 0), bytes || alien == alien_.end() ? "-" : ratio(pull, alien->second));
    }
    std::fputs(out.c_str(), stdout);
  }

 private:
  struct Cell {
    double value = 0;
    bool bytes = false;
  };
  static const Cell* find(const std::map<std::string, Cell>& cells, const std::string& system) {
    const auto it = cells.find(system);
    return it == cells.end() ? nullptr : &it->second;
  }
  // anchorName: run.sh's name of a row: "kairo/deep" -> "deep", "cellx10-repeat" as it is.
  static std::string anchorName(const std::string& row) {
    return row.rfind("kairo/", 0) == 0 ? row.substr(6) : row;
  }
  static std::string number(double v) { return v >= 100 ? fmt::format("{:.0f}", v) : fmt::format("{:.1f}", v); }
  static std::string text(const Cell* c) { return c ? number(c->value) : "-"; }
  static std::string ratio(const Cell* pull, double other) {
    if (!pull || other <= 0) return "-";
    const double r = pull->value / other;
    return r < 0.01 ? std::string("<0.01") : fmt::format("{:.2f}", r);
  }

  std::map<std::string, double> alien_;
  std::map<std::string, std::map<std::string, Cell>> rows_;
  std::vector<std::string> order_;
};

}  // namespace tickscope::bench
