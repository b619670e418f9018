#pragma once
// The plugin's log lines go to the host's log callback, which the ABI makes
// safe to call from any thread (the stream thread included). Lines name
// paths, never a query string: a signed query holds the signature, a stream
// URL the listenKey.
#include <string>

#include "grinder/venue_plugin.h"

namespace grinder::binance {

class Log {
 public:
  explicit Log(const grinder_venue_host& host) : host_(host) {}
  void debug(const std::string& m) const { write(0, m); }
  void info(const std::string& m) const { write(1, m); }
  void warn(const std::string& m) const { write(2, m); }
  void error(const std::string& m) const { write(3, m); }

 private:
  void write(int level, const std::string& m) const {
    if (GRINDER_VENUE_HAS_FIELD(&host_, grinder_venue_host, log) && host_.log)
      host_.log(host_.ctx, level, ("binance_usdm: " + m).c_str());
  }
  grinder_venue_host host_;
};

}  // namespace grinder::binance
