#pragma once
// GET /api/v1/users/balances: one entry per asset the venue lists (every
// asset, mostly zero), {asset, assetname, balance, locked, free, ...}. The
// docs' current example writes decimals with a comma ("27223,72..."), the
// older docs and the live API with a point; both are read.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

#include "kit.hpp"

namespace grinder::btcturk {

struct AssetBalance {
  std::string asset;
  Decimal balance;  // free + locked (+ pending withdrawals)
  Decimal free;     // available for trading
  Decimal locked;   // in open orders and withdrawal requests
};

// data of the answer; nullopt with error when any entry is unreadable (half
// a list of balances would read as money that vanished).
std::optional<std::vector<AssetBalance>> parse_balances(const rapidjson::Value& data, std::string& error);

}  // namespace grinder::btcturk
