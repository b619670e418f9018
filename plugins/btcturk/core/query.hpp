#pragma once
// A query string, parameters in the order they are added, values
// percent-encoded: ?pairSymbol=BTCTRY&startTime=...
#include <string>
#include <utility>
#include <vector>

#include "grinder/venue_kit/url_encoding.hpp"

namespace grinder::btcturk {

class Query {
 public:
  Query& add(std::string key, std::string value) {
    params_.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  bool empty() const { return params_.empty(); }
  // "key=value&key=value", or "" when empty.
  std::string str() const {
    std::string out;
    for (const auto& [k, v] : params_)
      out += (out.empty() ? "" : "&") + venue_kit::url_encode(k) + "=" + venue_kit::url_encode(v);
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

}  // namespace grinder::btcturk
