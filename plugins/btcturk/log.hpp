#pragma once
// The plugin's log lines go to the host's log callback. Lines name the
// method and path; never a header (X-Signature, X-PCK), never a credential.
#include <string>

#include "grinder/venue_plugin.h"

namespace grinder::btcturk {

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
      host_.log(host_.ctx, level, ("btcturk: " + m).c_str());
  }
  grinder_venue_host host_;
};

}  // namespace grinder::btcturk
