#pragma once
// What every benchmark shares: per-iteration timing on the steady clock into
// a sorted sample, the command line (--json), and the two ways of printing a
// result: a table for a reader, one JSON object per line for a script.
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace grinder::bench {

struct Options {
  bool json = false;
  // Iteration counts are multiplied by this (--scale 0.1 for a quick look).
  double scale = 1.0;
};

// Parses --json and --scale X; anything else prints `usage` and exits 2.
Options parse_options(int argc, char** argv, const char* usage);

inline std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Nanosecond samples, one per measured iteration.
class Samples {
 public:
  void reserve(std::size_t n) { ns_.reserve(n); }
  void add(double ns) {
    ns_.push_back(ns);
    sorted_ = false;
  }
  std::size_t size() const { return ns_.size(); }
  // p in [0, 1]: 0.5 is the median, 0.999 the 99.9th percentile.
  double pct(double p);
  double mean() const;

 private:
  std::vector<double> ns_;
  bool sorted_ = true;
};

// The steady clock's own cost, as two back-to-back reads (median). Every
// per-iteration sample has it subtracted, so a 30 ns check does not read as
// 50 ns.
double timer_overhead_ns();

// Pauses of the machine itself, not of the code: a thread that only reads
// the clock for `duration_ms` sees a gap whenever a timer interrupt or the
// hypervisor takes its CPU. A call that runs into a pause is timed as the
// pause, so with P pauses a second a call of t ns is hit about P * t / 1e9 of
// the time; once that passes 1 in 1000, the call's p99.9 measures the
// machine (`tail_bound_ns` is that t).
struct MachinePauses {
  double per_s = 0;          // gaps longer than the threshold, per second
  double p50_us = 0;         // their median length
  double lost_pct = 0;       // the share of the time they took
  double tail_bound_ns = 0;  // calls longer than this have a pause for p99.9
};
MachinePauses measure_pauses(int duration_ms, std::int64_t threshold_ns = 5000);

// Times `iterations` calls of f(i) one by one, after `warmup` untimed calls.
// Samples have the timer's overhead taken off (never below zero).
template <class F>
Samples time_each(long warmup, long iterations, double overhead_ns, F&& f) {
  for (long i = 0; i < warmup; ++i) f(i);
  Samples s;
  s.reserve(static_cast<std::size_t>(iterations));
  for (long i = 0; i < iterations; ++i) {
    const std::int64_t t0 = now_ns();
    f(warmup + i);
    const std::int64_t t1 = now_ns();
    const double ns = static_cast<double>(t1 - t0) - overhead_ns;
    s.add(ns > 0 ? ns : 0);
  }
  return s;
}

// The clock ticks in 10 ns steps on some machines (a virtualised TSC), too
// coarse for a 30 ns call: this times `batches` runs of `per_batch` calls and
// samples the mean of each, a median precise to a fraction of a ns (tails are
// what time_each is for).
template <class F>
Samples time_batched(long warmup, long batches, long per_batch, F&& f) {
  for (long i = 0; i < warmup; ++i) f(i);
  Samples s;
  s.reserve(static_cast<std::size_t>(batches));
  long i = warmup;
  for (long b = 0; b < batches; ++b) {
    const std::int64_t t0 = now_ns();
    for (long k = 0; k < per_batch; ++k) f(i++);
    const std::int64_t t1 = now_ns();
    s.add(static_cast<double>(t1 - t0) / static_cast<double>(per_batch));
  }
  return s;
}

long scaled(const Options& o, long n);

// One JSON object on one line: {"bench":"decision","builtin_p50_ns":123.4,...}
class JsonLine {
 public:
  explicit JsonLine(const std::string& bench);
  JsonLine& num(const std::string& key, double v);
  JsonLine& integer(const std::string& key, long long v);
  JsonLine& text(const std::string& key, const std::string& v);
  void print() const;

 private:
  std::string out_;
};

// A plain text table: a title, column headers, rows of cells.
class Table {
 public:
  Table(std::string title, std::vector<std::string> headers);
  void row(std::vector<std::string> cells);
  void print() const;

 private:
  std::string title_;
  std::vector<std::vector<std::string>> rows_;
};

// "123.4" with the given decimals.
std::string fixed(double v, int decimals = 1);

// Keeps a value alive so the compiler cannot drop the work that made it.
template <class T>
inline void keep(const T& v) {
  asm volatile("" : : "r,m"(v) : "memory");
}

}  // namespace grinder::bench
