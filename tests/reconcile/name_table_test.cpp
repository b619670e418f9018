#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>

#include "grinder/reconcile/name_map.hpp"
#include "grinder/reconcile/name_table.hpp"

using namespace grinder::reconcile;

TEST_CASE("a name table finds what it holds, by position", "[reconcile][names]") {
  NameTable t({"BTCUSDT", "ETHUSDT", "BTCUSDT", ""});
  CHECK(t.size() == 3);  // a name listed twice keeps its first position
  CHECK(t.find("BTCUSDT") == 0);
  CHECK(t.find("ETHUSDT") == 1);
  CHECK(t.find("") == 2);
  CHECK(t.find("SOLUSDT") == NameTable::npos);
  CHECK(t[1] == "ETHUSDT");
  const std::string_view names[] = {"ETHUSDT", "nope", "BTCUSDT"};
  std::size_t found[3];
  t.find_all(names, 3, found);
  CHECK(found[0] == 1);
  CHECK(found[1] == NameTable::npos);
  CHECK(found[2] == 0);
  CHECK(NameTable().find("x") == NameTable::npos);
}

TEST_CASE("a name table stays right through many inserts and erases", "[reconcile][names]") {
  // Against std::map, with names that share prefixes and lengths, so probe
  // runs get long and erases have to move slots back.
  std::mt19937 rng(7);
  NameTable t;
  std::map<std::string, bool> truth;
  for (int step = 0; step < 50000; ++step) {
    const std::string name = "grinder_1_" + std::to_string(rng() % 3000);
    if (rng() % 3 == 0) {
      const std::size_t at = t.find(name);
      REQUIRE((at != NameTable::npos) == truth.count(name) > 0);
      if (at != NameTable::npos) {
        t.erase_at(at);
        truth.erase(name);
      }
    } else {
      const auto [at, added] = t.insert(name);
      REQUIRE(added == (truth.count(name) == 0));
      REQUIRE(t[at] == name);
      truth[name] = true;
    }
    REQUIRE(t.size() == truth.size());
  }
  for (const auto& [name, _] : truth) REQUIRE(t[t.find(name)] == name);
  for (std::size_t i = 0; i < t.size(); ++i) REQUIRE(t.find(t[i]) == i);
  std::vector<std::string> names;
  for (int i = 0; i < 3000; ++i) names.push_back("grinder_1_" + std::to_string(i));
  const std::vector<std::string_view> all(names.begin(), names.end());
  std::vector<std::size_t> found(all.size());
  t.find_all(all.data(), all.size(), found.data());
  for (std::size_t i = 0; i < all.size(); ++i) REQUIRE(found[i] == t.find(all[i]));
}

TEST_CASE("a name map is built like a map and read by position", "[reconcile][names]") {
  NameMap<double> m;
  m["BTCUSDT"] = 0.5;
  m["ETHUSDT"] = -2;
  CHECK(m.emplace("SOLUSDT", 3));
  CHECK_FALSE(m.emplace("BTCUSDT", 9));  // already there: unchanged
  m["BTCUSDT"] += 0.25;
  REQUIRE(m.size() == 3);
  CHECK(*m.find("BTCUSDT") == 0.75);
  CHECK(m.find("DOGEUSDT") == nullptr);
  CHECK(m.name(1) == "ETHUSDT");
  CHECK(m.value(2) == 3);

  CHECK(m.erase("BTCUSDT"));
  CHECK_FALSE(m.erase("BTCUSDT"));
  REQUIRE(m.size() == 2);
  CHECK(m.name(0) == "SOLUSDT");  // the last entry took the erased one's place
  CHECK(m.value(0) == 3);
  CHECK(*m.find("ETHUSDT") == -2);
  CHECK(m.names().find("SOLUSDT") == 0);

  const NameMap<double> copy = m;
  m.clear();
  CHECK(m.empty());
  CHECK(m.find("ETHUSDT") == nullptr);
  CHECK(*copy.find("ETHUSDT") == -2);
}
