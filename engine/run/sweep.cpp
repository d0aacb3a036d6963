#include "run/sweep.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "run/runner.h"
#include "trace/json_writer.h"

namespace tickscope::run {

namespace {

using nlohmann::json;


// outcomeOfSeed: the outcome only: runToEnd with nothing attached (the fastest run; the
// same decisions and report as stepping, spec section 2.7 and RunnerTests).
RunOutcome outcomeOfSeed(const std::shared_ptr<const graph::GraphDocument>& document, const SweepOptions& options,
                         std::uint64_t seed) {
  RunOptions o;
  o.seed = seed;
  o.mode = options.mode;
  o.maxTimeMs = options.maxTimeMs;
  o.recorderCapacity = 0;
  Runner runner(document, o);
  runner.runToEnd();
  return outcomeOf(runner.report());
}

}  // namespace

std::string outcomeSummary(const RunOutcome& outcome, const std::vector<const RunOutcome*>& all, std::size_t maxCells) {
  std::vector<std::string> parts;
  // The cells whose values differ among the groups (same names in the same order: one graph).
  std::size_t named = 0, differing = 0;
  for (std::size_t i = 0; i < outcome.cells.size(); ++i) {
    bool differs = false;
    for (const RunOutcome* other : all)
      if (other != &outcome && i < other->cells.size() && !sameValue(other->cells[i].value, outcome.cells[i].value))
        differs = true;
    if (!differs) continue;
    ++differing;
    if (named < maxCells) {
      parts.push_back(fmt::format("{} = {}", outcome.cells[i].name, trace::formatNumber(outcome.cells[i].value)));
      ++named;
    }
  }
  if (differing > named) parts.push_back(fmt::format("{} more cells differ", differing - named));
  std::size_t outputs = 0;
  for (const EffectOutputs& e : outcome.effects) outputs += e.outputs.size();
  parts.push_back(fmt::format("{} effect output{}", outputs, outputs == 1 ? "" : "s"));
  parts.push_back(outcome.errors.empty() ? std::string("no errors")
                                         : fmt::format("{} error{} ({} first)", outcome.errors.size(),
                                                       outcome.errors.size() == 1 ? "" : "s", outcome.errors.front().kind));
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? ", " : "") + parts[i];
  return text;
}

SweepResult sweep(std::shared_ptr<const graph::GraphDocument> document, const SweepOptions& options) {
  if (!document || !document->resolution.valid)
    throw std::invalid_argument("sweep: the graph document is not validated (call graph::validate first)");
  SweepResult result;
  result.graph = document->name;
  result.mode = std::string(graph::toString(options.mode.value_or(document->settings.mode)));
  result.seedsAsked = options.seeds;

  std::atomic<std::uint64_t> next{0};
  std::atomic<bool> cancelled{false};
  std::mutex mutex;  // guards result.groups, result.failures, done and the progress calls
  std::uint64_t done = 0;
  auto work = [&] {
    for (;;) {
      if (cancelled.load(std::memory_order_relaxed)) return;
      const std::uint64_t seed = next.fetch_add(1);
      if (seed >= options.seeds) return;
      std::optional<RunOutcome> outcome;
      std::string failure;
      try {
        outcome = outcomeOfSeed(document, options, seed);
      } catch (const std::exception& e) {
        failure = fmt::format("seed {}: {}", seed, e.what());
      }
      const std::uint64_t hash = outcome ? outcomeHash(*outcome) : 0;
      std::lock_guard lock(mutex);
      if (outcome) {
        auto it = std::find_if(result.groups.begin(), result.groups.end(), [&](const SweepGroup& g) {
          return g.hash == hash && sameOutcome(g.outcome, *outcome);
        });
        if (it == result.groups.end()) {
          result.groups.push_back({{seed}, std::move(*outcome), hash, {}});
        } else {
          it->seeds.push_back(seed);
        }
      } else {
        result.failures.push_back(std::move(failure));
      }
      ++done;
      if (options.progress && !options.progress(done, options.seeds)) cancelled.store(true);
    }
  };
  const unsigned threads =
      static_cast<unsigned>(std::clamp<std::uint64_t>(options.threads, 1, std::max<std::uint64_t>(1, options.seeds)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();

  result.seedsRun = done;
  result.cancelled = cancelled.load();
  std::sort(result.failures.begin(), result.failures.end());
  for (SweepGroup& g : result.groups) std::sort(g.seeds.begin(), g.seeds.end());
  std::sort(result.groups.begin(), result.groups.end(),
            [](const SweepGroup& a, const SweepGroup& b) { return a.seeds.front() < b.seeds.front(); });
  std::vector<const RunOutcome*> all;
  for (const SweepGroup& g : result.groups) all.push_back(&g.outcome);
  for (SweepGroup& g : result.groups) g.summary = outcomeSummary(g.outcome, all);

  if (result.groups.size() >= 2) {
    RunOptions o;
    o.mode = options.mode;
    o.maxTimeMs = options.maxTimeMs;
    o.recorderCapacity = 0;
    o.seed = result.groups[0].seeds.front();
    const RunDigest a = digestRun(document, o);
    o.seed = result.groups[1].seeds.front();
    const RunDigest b = digestRun(document, o);
    result.explanation = compareRuns(a, b);
  }
  return result;
}

nlohmann::json toJson(const SweepResult& r) {
  json j;
  j["graph"] = r.graph;
  j["mode"] = r.mode;
  j["seeds"] = r.seedsAsked;
  j["seedsRun"] = r.seedsRun;
  j["cancelled"] = r.cancelled;
  json groups = json::array();
  for (const SweepGroup& g : r.groups) {
    json cells = json::object();
    for (const trace::NamedValue& c : g.outcome.cells) cells[c.name] = jsonNumber(c.value);
    json effects = json::object();
    for (const EffectOutputs& e : g.outcome.effects) {
      json outputs = json::array();
      for (const std::vector<double>& o : e.outputs) {
        if (o.size() == 1) {
          outputs.push_back(jsonNumber(o.front()));
        } else if (o.empty()) {
          outputs.push_back(nullptr);
        } else {
          json many = json::array();
          for (double v : o) many.push_back(jsonNumber(v));
          outputs.push_back(std::move(many));
        }
      }
      effects[e.action] = std::move(outputs);
    }
    json errors = json::array();
    for (const ErrorOutcome& e : g.outcome.errors)
      errors.push_back({{"kind", e.kind}, {"actions", e.actions}, {"message", e.message}});
    groups.push_back({{"seeds", g.seeds},
                      {"summary", g.summary},
                      {"outcome", {{"cells", std::move(cells)}, {"effects", std::move(effects)}, {"errors", std::move(errors)}}}});
  }
  j["groups"] = std::move(groups);
  j["explanation"] = r.explanation ? toJson(*r.explanation) : json(nullptr);
  j["failures"] = r.failures;
  return j;
}

}  // namespace tickscope::run
