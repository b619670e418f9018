#include "bench.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string_view>

namespace grinder::bench {

Options parse_options(int argc, char** argv, const char* usage) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--json") {
      o.json = true;
    } else if (arg == "--scale" && i + 1 < argc) {
      o.scale = std::atof(argv[++i]);
      if (o.scale <= 0) o.scale = 1.0;
    } else {
      std::fprintf(stderr, "usage: %s\n", usage);
      std::exit(2);
    }
  }
  return o;
}

double Samples::pct(double p) {
  if (ns_.empty()) return 0;
  if (!sorted_) {
    std::sort(ns_.begin(), ns_.end());
    sorted_ = true;
  }
  const auto last = ns_.size() - 1;
  const auto at = static_cast<std::size_t>(p * static_cast<double>(last) + 0.5);
  return ns_[std::min(at, last)];
}

double Samples::mean() const {
  if (ns_.empty()) return 0;
  return std::accumulate(ns_.begin(), ns_.end(), 0.0) / static_cast<double>(ns_.size());
}

double timer_overhead_ns() {
  Samples s;
  s.reserve(200000);
  for (int i = 0; i < 200000; ++i) {
    const std::int64_t t0 = now_ns();
    const std::int64_t t1 = now_ns();
    s.add(static_cast<double>(t1 - t0));
  }
  return s.pct(0.5);
}

MachinePauses measure_pauses(int duration_ms, std::int64_t threshold_ns) {
  Samples gaps;
  double lost = 0;
  const std::int64_t start = now_ns(), end = start + static_cast<std::int64_t>(duration_ms) * 1'000'000;
  std::int64_t prev = start;
  while (prev < end) {
    const std::int64_t t = now_ns();
    if (t - prev > threshold_ns) {
      gaps.add(static_cast<double>(t - prev));
      lost += static_cast<double>(t - prev);
    }
    prev = t;
  }
  MachinePauses m;
  const double seconds = static_cast<double>(prev - start) / 1e9;
  m.per_s = static_cast<double>(gaps.size()) / seconds;
  m.p50_us = gaps.size() ? gaps.pct(0.5) / 1000 : 0;
  m.lost_pct = 100 * lost / static_cast<double>(prev - start);
  m.tail_bound_ns = m.per_s > 0 ? 1e9 / (1000 * m.per_s) : 0;
  return m;
}

long scaled(const Options& o, long n) { return std::max(1L, static_cast<long>(static_cast<double>(n) * o.scale)); }

JsonLine::JsonLine(const std::string& bench) : out_("{\"bench\":\"" + bench + "\"") {}

JsonLine& JsonLine::num(const std::string& key, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  // Trailing zeros say nothing: 12.500 -> 12.5, 3.000 -> 3.
  std::string s(buf);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  out_ += ",\"" + key + "\":" + s;
  return *this;
}

JsonLine& JsonLine::integer(const std::string& key, long long v) {
  out_ += ",\"" + key + "\":" + std::to_string(v);
  return *this;
}

JsonLine& JsonLine::text(const std::string& key, const std::string& v) {
  out_ += ",\"" + key + "\":\"" + v + "\"";
  return *this;
}

void JsonLine::print() const {
  std::printf("%s}\n", out_.c_str());
  std::fflush(stdout);
}

Table::Table(std::string title, std::vector<std::string> headers) : title_(std::move(title)) {
  rows_.push_back(std::move(headers));
}

void Table::row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

void Table::print() const {
  std::vector<std::size_t> width;
  for (const auto& r : rows_)
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], r[i].size());
    }
  std::printf("%s\n\n", title_.c_str());
  for (std::size_t n = 0; n < rows_.size(); ++n) {
    const auto& r = rows_[n];
    std::string line = " ";
    for (std::size_t i = 0; i < r.size(); ++i) {
      // First column left-aligned (names), the rest right-aligned (figures).
      const std::string pad(width[i] - r[i].size(), ' ');
      line += ' ';
      line += i == 0 ? r[i] : pad;
      line += i == 0 ? pad : r[i];
    }
    std::printf("%s\n", line.c_str());
    if (n == 0) {
      std::string rule = " ";
      for (std::size_t i = 0; i < r.size(); ++i) rule.append(1, ' ').append(width[i], '-');
      std::printf("%s\n", rule.c_str());
    }
  }
  std::printf("\n");
  std::fflush(stdout);
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace grinder::bench
