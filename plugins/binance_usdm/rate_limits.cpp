#include "rate_limits.hpp"

#include <cctype>
#include <charconv>

namespace grinder::binance {

namespace {

std::string lower(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::int64_t> number(const std::string& s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::int64_t> retry_after_ms(const std::string& value) {
  auto s = number(value);
  if (!s || *s < 0) return std::nullopt;
  return *s * 1000;
}

void RateLimits::observe(const std::vector<std::pair<std::string, std::string>>& headers, std::int64_t now_ms) {
  static const std::string weight = "x-mbx-used-weight-", orders = "x-mbx-order-count-";
  std::lock_guard lock(mu_);
  bool any = false;
  for (const auto& [name, value] : headers) {
    std::string n = lower(name);
    auto v = number(value);
    if (!v) continue;
    if (n.compare(0, weight.size(), weight) == 0 && n.size() > weight.size()) {
      v_.used_weight[n.substr(weight.size())] = *v;
      any = true;
    } else if (n.compare(0, orders.size(), orders) == 0 && n.size() > orders.size()) {
      v_.order_count[n.substr(orders.size())] = *v;
      any = true;
    }
  }
  if (any) v_.observed_ms = now_ms;
}

void RateLimits::back_off(std::int64_t until_ms, int http_status) {
  std::lock_guard lock(mu_);
  if (until_ms > v_.retry_after_until_ms) v_.retry_after_until_ms = until_ms;
  v_.last_limit_status = http_status;
}

std::optional<std::pair<int, std::int64_t>> RateLimits::blocked(std::int64_t now_ms) const {
  std::lock_guard lock(mu_);
  if (now_ms >= v_.retry_after_until_ms) return std::nullopt;
  return std::make_pair(v_.last_limit_status, v_.retry_after_until_ms - now_ms);
}

void RateLimits::set_weight_limit(std::int64_t per_minute) {
  std::lock_guard lock(mu_);
  v_.weight_limit_1m = per_minute;
}

bool RateLimits::weight_warning_due(std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = v_.used_weight.find("1m");
  if (v_.weight_limit_1m <= 0 || it == v_.used_weight.end()) return false;
  if (it->second * 10 < v_.weight_limit_1m * 8 || now_ms - warned_at_ms_ < 60000) return false;
  warned_at_ms_ = now_ms;
  return true;
}

RateLimits::View RateLimits::view() const {
  std::lock_guard lock(mu_);
  return v_;
}

}  // namespace grinder::binance
