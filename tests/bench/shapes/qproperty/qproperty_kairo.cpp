#include "bench/shapes/qproperty/qproperty_kairo.h"

#include <QtCore/qproperty.h>

#include <deque>
#include <string>
#include <vector>

#include "bench/shapes/check.h"
#include "bench/shapes/kairo.h"

namespace tickscope::shapes::qproperty {
namespace {

using namespace tickscope::shapes::kairo;

// QShape: counts and the update counter shared by the QProperty shapes.
class QShape : public Shape {
 public:
  Counts counts() const override { return counts_; }
  void resetCounts() override {
    counts_ = {};
    updates_ = 0;
    onReset();
  }
  std::uint64_t updates() const override { return updates_; }

 protected:
  virtual void onReset() {}
  Counts counts_;
  std::uint64_t updates_ = 0;
};

class Deep final : public QShape {
 public:
  Deep() {
    QProperty<int>* previous = &head_;
    for (int i = 0; i < deepLength; ++i) {
      QProperty<int>& c = chain_.emplace_back();
      c.setBinding([this, previous] {
        ++counts_.computations;
        return previous->value() + 1;
      });
      previous = &c;
    }
    effect_ = previous->addNotifier([this, previous] {
      seen_ = previous->value();
      ++counts_.effects;
    });
    resetCounts();
  }
  void update() override {
    head_.setValue(++value_);
    ++updates_;
  }
  std::string check() const override {
    return firstError(expectEqual("deep: effect runs", counts_.effects, updates_),
                      expectEqual("deep: value", seen_, value_ + deepLength));
  }

 private:
  QProperty<int> head_{0};
  std::deque<QProperty<int>> chain_;
  QPropertyNotifier effect_;
  int value_ = 0;
  int seen_ = 0;
};

class Broad final : public QShape {
 public:
  Broad() {
    for (int i = 0; i < broadWidth; ++i) {
      QProperty<int>& a = a_.emplace_back();
      a.setBinding([this, i] {
        ++counts_.computations;
        return head_.value() + i;
      });
      QProperty<int>& b = b_.emplace_back();
      b.setBinding([this, pa = &a] {
        ++counts_.computations;
        return pa->value() + 1;
      });
      effects_.push_back(b.addNotifier([this, pb = &b, i] {
        const int v = pb->value();
        if (i == broadWidth - 1) last_ = v;
        ++counts_.effects;
      }));
    }
    resetCounts();
  }
  void update() override {
    head_.setValue(++value_);
    ++updates_;
  }
  std::string check() const override {
    return firstError(expectEqual("broad: effect runs", counts_.effects, broadWidth * updates_),
                      expectEqual("broad: last value", last_, value_ + broadWidth));
  }

 private:
  QProperty<int> head_{0};
  std::deque<QProperty<int>> a_, b_;
  std::deque<QPropertyNotifier> effects_;
  int value_ = 0;
  int last_ = 0;
};

class Diamond final : public QShape {
 public:
  Diamond() {
    for (int i = 0; i < diamondWidth; ++i) {
      branches_.emplace_back().setBinding([this] {
        ++counts_.computations;
        return head_.value() + 1;
      });
    }
    sum_.setBinding([this] {
      ++counts_.computations;
      int s = 0;
      for (auto& b : branches_) s += b.value();
      return s;
    });
    effect_ = sum_.addNotifier([this] {
      seen_ = sum_.value();
      ++counts_.effects;
    });
    resetCounts();
  }
  void update() override {
    head_.setValue(++value_);
    ++updates_;
  }
  std::string check() const override {
    return firstError(expectEqual("diamond: effect runs", counts_.effects, updates_),
                      expectEqual("diamond: sum", seen_, (value_ + 1) * diamondWidth));
  }

 private:
  QProperty<int> head_{0};
  std::deque<QProperty<int>> branches_;
  QProperty<int> sum_;
  QPropertyNotifier effect_;
  int value_ = 0;
  int seen_ = 0;
};

class Triangle final : public QShape {
 public:
  Triangle() {
    QProperty<int>* previous = &head_;
    for (int i = 0; i < triangleWidth; ++i) {
      QProperty<int>& c = chain_.emplace_back();
      c.setBinding([this, previous] {
        ++counts_.computations;
        return previous->value() + 1;
      });
      previous = &c;
    }
    sum_.setBinding([this] {
      ++counts_.computations;
      int s = 0;
      for (auto& c : chain_) s += c.value();
      return s;
    });
    effect_ = sum_.addNotifier([this] {
      seen_ = sum_.value();
      ++counts_.effects;
    });
    resetCounts();
  }
  void update() override {
    head_.setValue(++value_);
    ++updates_;
  }
  std::string check() const override {
    return firstError(
        expectEqual("triangle: effect runs", counts_.effects, updates_),
        expectEqual("triangle: sum", seen_, triangleWidth * value_ + triangleWidth * (triangleWidth + 1) / 2));
  }

 private:
  QProperty<int> head_{0};
  std::deque<QProperty<int>> chain_;
  QProperty<int> sum_;
  QPropertyNotifier effect_;
  int value_ = 0;
  int seen_ = 0;
};

class Mux final : public QShape {
 public:
  Mux() {
    for (int i = 0; i < muxWidth; ++i) heads_.emplace_back(0);
    mux_.setBinding([this] {
      ++counts_.computations;
      std::vector<int> all;
      all.reserve(heads_.size());
      for (auto& h : heads_) all.push_back(h.value());
      return all;
    });
    seen_.assign(muxWidth, 0);
    for (int i = 0; i < muxWidth; ++i) {
      QProperty<int>& pick = pick_.emplace_back();
      pick.setBinding([this, i] {
        ++counts_.computations;
        return mux_.value()[static_cast<std::size_t>(i)];
      });
      QProperty<int>& plus = plus_.emplace_back();
      plus.setBinding([this, p = &pick] {
        ++counts_.computations;
        return p->value() + 1;
      });
      effects_.push_back(plus.addNotifier([this, q = &plus, i] {
        seen_[static_cast<std::size_t>(i)] = q->value();
        ++counts_.effects;
      }));
    }
    resetCounts();
  }
  void update() override {
    lastIndex_ = next_;
    heads_[static_cast<std::size_t>(next_)].setValue(++value_);
    if (++next_ == muxWidth) next_ = 0;
    ++updates_;
  }
  std::string check() const override {
    return firstError(expectEqual("mux: effect runs", counts_.effects, updates_),
                      expectEqual("mux: last plus", seen_[static_cast<std::size_t>(lastIndex_)], value_ + 1));
  }

 private:
  std::deque<QProperty<int>> heads_;
  QProperty<std::vector<int>> mux_;
  std::deque<QProperty<int>> pick_, plus_;
  std::deque<QPropertyNotifier> effects_;
  std::vector<int> seen_;
  int next_ = 0;
  int lastIndex_ = 0;
  int value_ = 0;
};

class Avoidable final : public QShape {
 public:
  Avoidable() {
    c1_.setBinding([this] {
      ++counts_.computations;
      return head_.value();
    });
    c2_.setBinding([this] {
      ++counts_.computations;
      (void)c1_.value();
      return 0;
    });
    c3_.setBinding([this] {
      busy();
      ++c3Runs_;
      ++counts_.computations;
      return c2_.value() + 1;
    });
    effect_ = c3_.addNotifier([this] {
      seen_ = c3_.value();
      busy();
      ++counts_.effects;
    });
    // A notifier does not run at registration: the effect's first run is this read.
    seen_ = c3_.value();
    setupOk_ = c3Runs_ == 1;
    resetCounts();
  }
  void update() override {
    head_.setValue(++value_);
    ++updates_;
  }
  std::string check() const override {
    return firstError(setupOk_ ? std::string() : std::string("avoidable: the setup did not run c3 once"),
                      expectEqual("avoidable: c3 runs", c3Runs_, 0), expectEqual("avoidable: effect runs", counts_.effects, 0),
                      expectEqual("avoidable: c3", c3_.value(), 1), expectEqual("avoidable: effect saw", seen_, 1));
  }

 private:
  void onReset() override { c3Runs_ = 0; }

  QProperty<int> head_{0};
  QProperty<int> c1_, c2_, c3_;
  QPropertyNotifier effect_;
  int value_ = 0;
  int seen_ = 0;
  std::uint64_t c3Runs_ = 0;
  bool setupOk_ = false;
};

class Repeated final : public QShape {
 public:
  Repeated() {
    current_.setBinding([this] {
      ++counts_.computations;
      int result = 0;
      for (int i = 0; i < repeatedReads; ++i) result += head_.value();
      return result;
    });
    effect_ = current_.addNotifier([this] {
      seen_ = current_.value();
      ++counts_.effects;
    });
    resetCounts();
  }
  void update() override {
    head_.setValue(++value_);
    ++updates_;
  }
  std::string check() const override {
    return firstError(expectEqual("repeated: effect runs", counts_.effects, updates_),
                      expectEqual("repeated: value", seen_, value_ * repeatedReads));
  }

 private:
  QProperty<int> head_{0};
  QProperty<int> current_;
  QPropertyNotifier effect_;
  int value_ = 0;
  int seen_ = 0;
};

class Unstable final : public QShape {
 public:
  Unstable() {
    double_.setBinding([this] {
      ++counts_.computations;
      return head_.value() * 2;
    });
    inverse_.setBinding([this] {
      ++counts_.computations;
      return -head_.value();
    });
    current_.setBinding([this] {
      ++counts_.computations;
      int result = 0;
      for (int i = 0; i < unstableReads; ++i) result += head_.value() % 2 != 0 ? double_.value() : inverse_.value();
      return result;
    });
    effect_ = current_.addNotifier([this] {
      seen_ = current_.value();
      ++counts_.effects;
    });
    resetCounts();
  }
  void update() override {
    head_.setValue(++value_);
    ++updates_;
  }
  std::string check() const override {
    const int expected = unstableReads * (value_ % 2 != 0 ? 2 * value_ : -value_);
    return firstError(expectEqual("unstable: effect runs", counts_.effects, updates_),
                      expectEqual("unstable: value", seen_, expected));
  }

 private:
  QProperty<int> head_{0};
  QProperty<int> double_, inverse_, current_;
  QPropertyNotifier effect_;
  int value_ = 0;
  int seen_ = 0;
};

}  // namespace

std::unique_ptr<Shape> makeKairo(std::string_view name) {
  if (name == "deep") return std::make_unique<Deep>();
  if (name == "broad") return std::make_unique<Broad>();
  if (name == "diamond") return std::make_unique<Diamond>();
  if (name == "triangle") return std::make_unique<Triangle>();
  if (name == "mux") return std::make_unique<Mux>();
  if (name == "avoidable") return std::make_unique<Avoidable>();
  if (name == "repeated") return std::make_unique<Repeated>();
  if (name == "unstable") return std::make_unique<Unstable>();
  return nullptr;
}

}  // namespace tickscope::shapes::qproperty
