#pragma once
// The kairo shapes of js-reactivity-benchmark, with the sizes of the anchors
// (/work/shared/anchors: js/bench.mjs, qproperty/bench.cpp) and, for repeated observers and
// unstable, of the original sources (src/kairo/repeated.ts, src/kairo/unstable.ts). Every
// head write writes a new value (a counter that only grows), so every update changes the head.
//
//   deep       head -> c1 -> ... -> c50 -> effect
//   broad      50 x (head -> a_i = head + i -> b_i = a_i + 1 -> effect_i)
//   diamond    head -> 5 x (c_i = head + 1) -> sum -> effect
//   triangle   head -> c1 -> ... -> c10 (c_i = c_{i-1} + 1); sum reads c1..c10 -> effect
//   mux        100 heads -> mux (the array of all heads) -> 100 x (pick_i = mux[i] -> plus_i
//              = pick_i + 1 -> effect_i); update i writes head (i mod 100)
//   avoidable  head -> c1 = head -> c2 = (read c1, 0) -> c3 = busy, c2 + 1 -> effect (busy):
//              after the first run c3 and the effect never need to run again
//   repeated   head -> current (reads head 30 times, sums) -> effect
//   unstable   head -> double = 2 head, inverse = -head; current reads head 20 times and,
//              each time, double when head is odd, else inverse -> effect (its dependencies
//              change on every update)
#include <array>
#include <memory>
#include <string_view>

#include "bench/shapes/shape.h"

namespace tickscope::shapes::kairo {

inline constexpr int deepLength = 50;
inline constexpr int broadWidth = 50;
inline constexpr int diamondWidth = 5;
inline constexpr int triangleWidth = 10;
inline constexpr int muxWidth = 100;
inline constexpr int repeatedReads = 30;
inline constexpr int unstableReads = 20;

inline constexpr std::array<std::string_view, 8> names = {"deep", "broad",     "diamond",  "triangle",
                                                          "mux",  "avoidable", "repeated", "unstable"};

// make: the named shape on the Tickscope runtime in `mode` (on `scheduler`, or a fresh
// TestScheduler), built and settled, counts reset; nullptr for an unknown name.
std::unique_ptr<Shape> make(std::string_view name, reactive::Mode mode, SchedulerPtr scheduler = {});

std::unique_ptr<Shape> makeDeep(reactive::Mode mode, SchedulerPtr scheduler);
std::unique_ptr<Shape> makeBroad(reactive::Mode mode, SchedulerPtr scheduler);
std::unique_ptr<Shape> makeDiamond(reactive::Mode mode, SchedulerPtr scheduler);
std::unique_ptr<Shape> makeTriangle(reactive::Mode mode, SchedulerPtr scheduler);
std::unique_ptr<Shape> makeMux(reactive::Mode mode, SchedulerPtr scheduler);
std::unique_ptr<Shape> makeAvoidable(reactive::Mode mode, SchedulerPtr scheduler);
std::unique_ptr<Shape> makeRepeated(reactive::Mode mode, SchedulerPtr scheduler);
std::unique_ptr<Shape> makeUnstable(reactive::Mode mode, SchedulerPtr scheduler);

}  // namespace tickscope::shapes::kairo
