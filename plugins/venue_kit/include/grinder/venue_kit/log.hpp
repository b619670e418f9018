#pragma once
// A plugin's log lines go to the host's log callback, which the ABI makes
// safe to call from any thread (a plugin's own I/O thread included), each
// line prefixed with the plugin's name. What a line must never carry (a
// signature, a key, a secret in a URL) is for each plugin to keep out.
#include <string>
#include <utility>

#include "grinder/venue_plugin.h"

namespace grinder::venue_kit {

class Log {
 public:
  Log(const grinder_venue_host& host, std::string name) : host_(host), prefix_(std::move(name) + ": ") {}
  void debug(const std::string& m) const { write(0, m); }
  void info(const std::string& m) const { write(1, m); }
  void warn(const std::string& m) const { write(2, m); }
  void error(const std::string& m) const { write(3, m); }

 private:
  void write(int level, const std::string& m) const {
    if (GRINDER_VENUE_HAS_FIELD(&host_, grinder_venue_host, log) && host_.log)
      host_.log(host_.ctx, level, (prefix_ + m).c_str());
  }
  grinder_venue_host host_;
  std::string prefix_;
};

}  // namespace grinder::venue_kit
