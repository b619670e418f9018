#include "balances_json.hpp"

#include "json.hpp"

namespace grinder::btcturk {

std::optional<std::vector<AssetBalance>> parse_balances(const rapidjson::Value& data, std::string& error) {
  if (!data.IsArray()) {
    error = "balances answer's data is not a list";
    return std::nullopt;
  }
  std::vector<AssetBalance> out;
  for (const auto& b : data.GetArray()) {
    AssetBalance a;
    a.asset = text_of(b, "asset");
    auto balance = decimal_of(b, "balance"), free = decimal_of(b, "free"), locked = decimal_of(b, "locked");
    if (a.asset.empty() || !free || !locked) {
      error = "an unreadable balance" + (a.asset.empty() ? std::string() : " (" + a.asset + ")");
      return std::nullopt;
    }
    a.free = *free;
    a.locked = *locked;
    a.balance = balance ? *balance : *free + *locked;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace grinder::btcturk
