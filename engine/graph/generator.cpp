#include "graph/generator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "graph/writer.h"
#include "sched/rng.h"

namespace tickscope::graph {
namespace {

constexpr std::array<Shape, 6> kShapes = {Shape::Chain, Shape::Broad, Shape::Diamond,
                                          Shape::Grid,  Shape::Cellx, Shape::Random};

// Sink: where generated pieces go, in file order (cells, actions, events).
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void begin(const std::string& name, const Settings& settings,
                     const std::optional<std::string>& description) = 0;
  virtual void cell(const Cell& cell) = 0;
  virtual void action(const Action& action) = 0;
  virtual void event(const Event& event) = 0;
  virtual void end() = 0;
};

class DocumentSink final : public Sink {
 public:
  explicit DocumentSink(GraphDocument& doc) : doc_(doc) {}
  void begin(const std::string& name, const Settings& settings,
             const std::optional<std::string>& description) override {
    doc_.name = name;
    doc_.settings = settings;
    doc_.description = description;
  }
  void cell(const Cell& cell) override { doc_.cells.push_back(cell); }
  void action(const Action& action) override { doc_.actions.push_back(action); }
  void event(const Event& event) override { doc_.events.push_back(event); }
  void end() override {}

 private:
  GraphDocument& doc_;
};

class WriterSink final : public Sink {
 public:
  explicit WriterSink(std::ostream& out) : writer_(out) {}
  void begin(const std::string& name, const Settings& settings,
             const std::optional<std::string>& description) override {
    writer_.begin(name, settings, description);
  }
  void cell(const Cell& cell) override { writer_.cell(cell); }
  void action(const Action& action) override { writer_.action(action); }
  void event(const Event& event) override { writer_.event(event); }
  void end() override { writer_.end(); }

 private:
  GraphWriter writer_;
};

std::string id(char prefix, std::size_t n) {
  std::string s(1, prefix);
  s += std::to_string(n);
  return s;
}

// Generator: one run of one shape. Every random choice goes through rng_, in a fixed order,
// so the output depends on (shape, nodes, seed, options) only.
class Generator {
 public:
  Generator(Shape shape, std::size_t nodes, std::uint64_t seed, const GenerateOptions& options,
            Sink& sink)
      : shape_(shape), nodes_(std::max<std::size_t>(nodes, 1)), seed_(seed), options_(options),
        rng_(seed), sink_(sink) {}

  void run() {
    Settings settings;
    settings.mode = options_.mode;
    settings.seed = seed_;
    if (shape_ == Shape::Random && options_.cycles) {
      // Cycles are damped contractions; give them room to converge to a visible precision.
      settings.epsilon = 1e-6;
      settings.cycle.maxIterations = 50;
    }
    const std::string name = fmt::format("{}-{}", toString(shape_), nodes_);
    std::string description = fmt::format("generated: tickscope generate {} --nodes {} --seed {}",
                                          toString(shape_), nodes_, seed_);
    if (options_.cycles) description += " (with cycles)";
    sink_.begin(name, settings, description);
    switch (shape_) {
      case Shape::Chain: chain(); break;
      case Shape::Broad: broad(); break;
      case Shape::Diamond: diamond(); break;
      case Shape::Grid: grid(); break;
      case Shape::Cellx: cellx(); break;
      case Shape::Random: random(); break;
    }
    sink_.end();
  }

 private:
  double cost() {
    if (options_.maxCostMs <= 0) return 0;
    return static_cast<double>(rng_.below(static_cast<std::uint64_t>(std::floor(options_.maxCostMs)) + 1));
  }
  double smallInt(int lo, int hi) {
    return static_cast<double>(lo + static_cast<int>(rng_.below(static_cast<std::uint64_t>(hi - lo + 1))));
  }

  void computation(std::string actionId, std::vector<std::string> reads, std::string write,
                   std::string expr) {
    Action a;
    a.id = std::move(actionId);
    a.kind = ActionKind::Computation;
    a.reads = std::move(reads);
    a.writes.push_back(std::move(write));
    a.expr = std::move(expr);
    a.costMs = cost();
    sink_.action(a);
  }
  void effect(std::string actionId, const std::string& cell) {
    Action a;
    a.id = std::move(actionId);
    a.kind = ActionKind::Effect;
    a.reads.push_back(cell);
    a.expr = cell;
    a.costMs = cost();
    a.label = "ui";
    sink_.action(a);
  }
  // events: options.events events, each setting 1..3 distinct random sources.
  void events(const std::vector<std::string>& sources, std::size_t first = 1) {
    for (std::size_t k = first; k <= options_.events; ++k) {
      Event e;
      e.atMs = static_cast<double>(k) * options_.eventIntervalMs;
      const std::size_t count = 1 + rng_.below(std::min<std::size_t>(3, sources.size()));
      std::vector<std::size_t> picked;
      while (picked.size() < count) {
        const std::size_t s = rng_.below(sources.size());
        if (std::find(picked.begin(), picked.end(), s) == picked.end()) picked.push_back(s);
      }
      for (std::size_t s : picked) e.set.push_back(Assignment{sources[s], smallInt(-100, 100)});
      sink_.event(e);
    }
  }
  // pick: `count` distinct values below `n`, in the order drawn.
  std::vector<std::uint32_t> pick(std::size_t count, std::size_t n) {
    count = std::min(count, n);
    std::vector<std::uint32_t> picked;
    picked.reserve(count);
    while (picked.size() < count) {
      const auto v = static_cast<std::uint32_t>(rng_.below(n));
      if (std::find(picked.begin(), picked.end(), v) == picked.end()) picked.push_back(v);
    }
    return picked;
  }
  static std::string average(const std::vector<std::string>& names, std::string_view tail = {}) {
    std::string e;
    if (names.size() == 1) {
      e = names[0];
    } else {
      e = "(";
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) e += " + ";
        e += names[i];
      }
      e += ") / ";
      e += std::to_string(names.size());
    }
    e += tail;
    return e;
  }

  void chain() {
    sink_.cell(Cell{"s0", 1});
    std::string prev = "s0";
    for (std::size_t i = 1; i <= nodes_; ++i) {
      std::string cell = id('c', i);
      computation(id('f', i), {prev}, cell, prev + " + 1");
      prev = std::move(cell);
    }
    effect("e1", prev);
    events({"s0"});
  }

  void broad() {
    sink_.cell(Cell{"s0", 1});
    for (std::size_t i = 1; i <= nodes_; ++i)
      computation(id('f', i), {"s0"}, id('c', i), "s0 + " + std::to_string(i));
    for (std::size_t i = 1; i <= nodes_; ++i) effect(id('e', i), id('c', i));
    events({"s0"});
  }

  void diamond() {
    sink_.cell(Cell{"s0", 1});
    const std::size_t units = std::max<std::size_t>(1, nodes_ / 3);
    std::string top = "s0";
    for (std::size_t u = 1; u <= units; ++u) {
      const std::string left = id('l', u), right = id('r', u), join = id('j', u);
      computation("fl" + std::to_string(u), {top}, left, top + " + 1");
      computation("fr" + std::to_string(u), {top}, right, top + " * 2");
      computation("fj" + std::to_string(u), {left, right}, join, "(" + left + " + " + right + ") / 3");
      top = join;
    }
    effect("e1", top);
    events({"s0"});
  }

  void grid() {
    const auto width = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes_))));
    const std::size_t layers = (nodes_ + width - 1) / width;
    std::vector<std::string> sources;
    for (std::size_t k = 0; k < width; ++k) {
      sources.push_back(id('s', k));
      sink_.cell(Cell{sources.back(), smallInt(1, 10)});
    }
    std::vector<std::string> above = sources;
    std::size_t n = 0;
    for (std::size_t layer = 0; layer < layers; ++layer) {
      const std::size_t count = std::min(width, nodes_ - layer * width);
      std::vector<std::string> current;
      current.reserve(count);
      for (std::size_t k = 0; k < count; ++k) {
        ++n;
        const std::size_t r = 1 + rng_.below(std::max<std::uint32_t>(options_.maxReads, 1));
        std::vector<std::string> reads;
        for (std::uint32_t p : pick(r, above.size())) reads.push_back(above[p]);
        std::string expr = average(reads);
        current.push_back(id('c', n));
        computation(id('f', n), std::move(reads), current.back(), std::move(expr));
      }
      above = std::move(current);
    }
    const std::size_t lastStart = n - above.size() + 1;
    for (std::size_t k = 0; k < above.size(); ++k) effect(id('e', lastStart + k), above[k]);
    events(sources);
  }

  void cellx() {
    const std::size_t layers = (nodes_ + 3) / 4;
    const auto cell = [](int prop, std::size_t layer) { return fmt::format("p{}_{}", prop, layer); };
    for (int p = 1; p <= 4; ++p) sink_.cell(Cell{cell(p, 0), static_cast<double>(p)});
    for (std::size_t l = 1; l <= layers; ++l) {
      const std::string p1 = cell(1, l - 1), p2 = cell(2, l - 1), p3 = cell(3, l - 1), p4 = cell(4, l - 1);
      computation(fmt::format("f1_{}", l), {p2}, cell(1, l), p2);
      computation(fmt::format("f2_{}", l), {p1, p3}, cell(2, l), p1 + " - " + p3);
      computation(fmt::format("f3_{}", l), {p2, p4}, cell(3, l), p2 + " + " + p4);
      computation(fmt::format("f4_{}", l), {p3}, cell(4, l), p3);
    }
    for (std::size_t l = 1; l <= layers; ++l)
      for (int p = 1; p <= 4; ++p) effect(fmt::format("e{}_{}", p, l), cell(p, l));
    // The benchmark's batch first, then random ones.
    const std::vector<std::string> sources = {cell(1, 0), cell(2, 0), cell(3, 0), cell(4, 0)};
    if (options_.events > 0) {
      Event batch;
      batch.atMs = options_.eventIntervalMs;
      for (int p = 1; p <= 4; ++p) batch.set.push_back(Assignment{sources[p - 1], 5.0 - p});
      sink_.event(batch);
    }
    events(sources, 2);
  }

  void random() {
    const std::size_t sourceCount = std::max<std::size_t>(1, (nodes_ + 9) / 10);
    std::vector<std::string> sources;
    for (std::size_t k = 0; k < sourceCount; ++k) {
      sources.push_back(id('s', k));
      sink_.cell(Cell{sources.back(), smallInt(1, 10)});
    }
    // Cell c: sources are 0..S-1, computed cell i (1-based) is S + i - 1.
    const auto name = [&](std::uint32_t c) {
      return c < sourceCount ? sources[c] : id('c', c - sourceCount + 1);
    };
    std::vector<std::uint32_t> offsets{0};
    std::vector<std::uint32_t> targets;
    std::vector<bool> backEdge(nodes_ + 1, false);
    std::vector<bool> read(sourceCount + nodes_, false);
    for (std::size_t i = 1; i <= nodes_; ++i) {
      const std::size_t earlier = sourceCount + i - 1;  // cells before c_i
      const std::size_t r = 1 + rng_.below(std::max<std::uint32_t>(options_.maxReads, 1));
      std::vector<std::uint32_t> picked = pick(r, earlier);
      if (options_.cycles && nodes_ > 1 && rng_.below(10) == 0) {
        // A back edge: read a later computed cell, closing a cycle through it.
        const auto later = static_cast<std::uint32_t>(sourceCount + i + rng_.below(nodes_ - i + 1) - 1);
        if (later != sourceCount + i - 1 &&
            std::find(picked.begin(), picked.end(), later) == picked.end()) {
          picked.push_back(later);
          backEdge[i] = true;
        }
      }
      for (std::uint32_t c : picked) {
        targets.push_back(c);
        read[c] = true;
      }
      offsets.push_back(static_cast<std::uint32_t>(targets.size()));
    }
    for (std::size_t i = 1; i <= nodes_; ++i) {
      std::vector<std::string> reads;
      for (std::uint32_t k = offsets[i - 1]; k < offsets[i]; ++k) reads.push_back(name(targets[k]));
      std::string expr = average(reads, backEdge[i] ? " * 0.25 + 1" : " + 1");
      computation(id('f', i), std::move(reads), id('c', i), std::move(expr));
    }
    for (std::size_t i = 1; i <= nodes_; ++i)
      if (!read[sourceCount + i - 1]) effect(id('e', i), id('c', i));
    events(sources);
  }

  Shape shape_;
  std::size_t nodes_;
  std::uint64_t seed_;
  GenerateOptions options_;
  sched::Rng rng_;
  Sink& sink_;
};

}  // namespace

std::string_view toString(Shape shape) {
  switch (shape) {
    case Shape::Chain: return "chain";
    case Shape::Broad: return "broad";
    case Shape::Diamond: return "diamond";
    case Shape::Grid: return "grid";
    case Shape::Cellx: return "cellx";
    case Shape::Random: return "random";
  }
  return "";
}

std::optional<Shape> parseShape(std::string_view name) {
  for (Shape s : kShapes)
    if (toString(s) == name) return s;
  return std::nullopt;
}

std::span<const Shape> allShapes() { return kShapes; }

GraphDocument generateGraph(Shape shape, std::size_t nodes, std::uint64_t seed,
                            const GenerateOptions& options) {
  GraphDocument doc;
  DocumentSink sink(doc);
  Generator(shape, nodes, seed, options, sink).run();
  return doc;
}

void writeGeneratedGraph(std::ostream& out, Shape shape, std::size_t nodes, std::uint64_t seed,
                         const GenerateOptions& options) {
  WriterSink sink(out);
  Generator(shape, nodes, seed, options, sink).run();
}

}  // namespace tickscope::graph
