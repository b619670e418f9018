#include "envelope.hpp"

#include "grinder/venue_plugin.hpp"

namespace grinder::btcturk::sim {

std::string success_body(const std::string& data_json, const std::string& message) {
  venue_sdk::JsonWriter m;
  m.string(message);
  return "{\"success\":true,\"message\":" + (message.empty() ? std::string("null") : m.str()) +
         ",\"code\":0,\"data\":" + data_json + "}";
}

Reply refusal_reply(const Refusal& r) {
  venue_sdk::JsonWriter w;
  w.begin_object().key("success").boolean(false).key("message").string(r.message);
  w.key("code").integer(r.code != 0 ? r.code : r.status).end_object();
  return Reply::json(r.status, w.take());
}

}  // namespace grinder::btcturk::sim
