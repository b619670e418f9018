#include <catch2/catch.hpp>
#include <unistd.h>

#include "grinder/safety/circuit_breaker.hpp"
#include "grinder/safety/cooldown.hpp"
#include "grinder/safety/instance_lock.hpp"
#include "grinder/safety/kill_switch.hpp"
#include "test_env.hpp"

using namespace grinder::safety;

TEST_CASE("the kill switch is a latch with no reset", "[safety]") {
  KillSwitch k;
  CHECK_FALSE(k.tripped());
  CHECK(k.trip("drill", 5));
  CHECK(k.tripped());
  CHECK_FALSE(k.trip("again", 6));
  CHECK(k.reason() == "drill");
  CHECK(k.tripped_at_ms() == 5);
}

TEST_CASE("a second instance is refused naming the holder's pid", "[safety]") {
  grinder::test::TempDir t;
  std::string why;
  auto first = InstanceLock::acquire(t.path(), "paper", why);
  REQUIRE(first);
  auto second = InstanceLock::acquire(t.path(), "paper", why);
  CHECK_FALSE(second);
  CHECK(why.find("pid " + std::to_string(::getpid())) != std::string::npos);
  std::string holder;
  CHECK_FALSE(InstanceLock::is_free(t.path(), "paper", holder));
  CHECK(holder == std::to_string(::getpid()));
  // Another scope is another lock.
  CHECK(InstanceLock::acquire(t.path(), "binance", why));
  first.reset();
  CHECK(InstanceLock::is_free(t.path(), "paper", holder));
  CHECK(InstanceLock::acquire(t.path(), "paper", why));
}

TEST_CASE("circuit breaker: opens on a run of errors or at once on rate limits, half-opens, closes", "[safety]") {
  CircuitBreaker cb({3, 1000});
  cb.on_failure(0);
  cb.on_failure(0);
  CHECK_FALSE(cb.blocks(0));
  cb.on_failure(0);
  CHECK(cb.blocks(10));
  CHECK(cb.state(10) == CircuitBreaker::State::Open);
  CHECK(cb.state(1000) == CircuitBreaker::State::HalfOpen);
  CHECK_FALSE(cb.blocks(1000));
  cb.on_failure(1001);  // the probe failed
  CHECK(cb.blocks(1002));
  CHECK(cb.state(2001) == CircuitBreaker::State::HalfOpen);
  cb.on_success(2001);
  CHECK(cb.state(2001) == CircuitBreaker::State::Closed);
  cb.on_rate_limited(3000, 5000);
  CHECK(cb.blocks(7999));
  CHECK_FALSE(cb.blocks(8000));
  CHECK(cb.last_reason().find("rate limited") != std::string::npos);
}

TEST_CASE("cooldown starts per symbol", "[safety]") {
  CooldownTracker c;
  CHECK_FALSE(c.last("BTCUSDT"));
  c.start("BTCUSDT", 42);
  CHECK(*c.last("BTCUSDT") == 42);
  CHECK_FALSE(c.last("ETHUSDT"));
}
