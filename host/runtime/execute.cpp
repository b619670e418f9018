// Sending an allowed remediation. Orders that are not grinder's are never
// touched: cancel_all cancels each of grinder's listed orders by its client
// order id instead of the venue's cancel-everything call, which would also
// take an operator's manual orders on that symbol.
#include <cmath>

#include "grinder/plugin/decimal.hpp"
#include "runtime_impl.hpp"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

namespace grinder::runtime {

void Runtime::Impl::execute(gates::Decision decision, std::vector<std::string> foreign_on_symbol) {
  if (!foreign_on_symbol.empty())
    log("execute: " + std::to_string(foreign_on_symbol.size()) + " order(s) on " + decision.action.symbol +
        " are not grinder's and stay untouched");
  const auto gen = holder->current();
  std::string strategy = gen->deployment->identity.strategies.empty() ? "0" : gen->deployment->identity.strategies[0];
  std::string client_id = gen->deployment->identity.prefix + strategy + "_r" + run_id + "_" + std::to_string(++client_id_seq);
  double step = 0;
  if (auto it = filters.find(decision.action.symbol); it != filters.end()) step = it->second.step_size;
  ++executing;
  worker->post([this, v = venue, decision = std::move(decision), client_id, step]() mutable {
    std::optional<plugin::VenueError> error;
    std::uint32_t touched = 0;
    const gates::Action& a = decision.action;
    if (a.type == gates::ActionType::CancelAll || a.type == gates::ActionType::CancelOrder) {
      std::vector<std::string> ids;
      if (a.type == gates::ActionType::CancelOrder) ids.push_back(a.client_order_id);
      for (const auto& o : a.orders) ids.push_back(o.client_order_id);
      for (const auto& id : ids) {
        plugin::Status s = v->cancel(a.symbol, id);
        if (s)
          ++touched;
        else if (!error)
          error = s.error();
      }
    } else if (a.type == gates::ActionType::Flatten) {
      plugin::OrderRequest req;
      req.symbol = a.symbol;
      req.side = a.side == gates::Side::Buy ? plugin::Side::Buy : plugin::Side::Sell;
      req.type = plugin::OrderType::Market;
      req.qty = step > 0 ? plugin::round_to_increment(a.qty, step) : a.qty;
      req.reduce_only = true;
      req.client_order_id = client_id;
      auto r = v->place(req);
      if (r)
        touched = 1;
      else
        error = r.error();
    } else {
      error = plugin::VenueError{plugin::ErrorClass::Unsupported, 0,
                                 "remediation cannot execute " + std::string(gates::action_type_name(a.type))};
    }
    boost::asio::post(io, [this, decision = std::move(decision), error, touched] {
      on_executed(decision, error, touched);
    });
  });
}

void Runtime::Impl::on_executed(const gates::Decision& decision, const std::optional<plugin::VenueError>& error,
                                std::uint32_t touched) {
  --executing;
  std::int64_t now = wall_ms();
  const std::string type(gates::action_type_name(decision.action.type));
  if (touched > 0) {
    // What reached the venue counts, even when part of a batch failed.
    gate_metrics->executed(type);
    executed_times.push_back(now);
    if (decision.action.type == gates::ActionType::Flatten) {
      metrics->runs_with_remediation_flatten->Increment();
      metrics->orders_placed->Increment();
    } else {
      metrics->runs_with_remediation_cancel_all->Increment();
      metrics->orders_cancelled->Increment(touched);
    }
    metrics->last_remediation_ts_ms->Set(static_cast<double>(now));
    audit_event(audit::Event("REMEDIATE_EXECUTED", now)
                    .field("action", type)
                    .field("symbol", decision.action.symbol)
                    .field("orders", static_cast<std::int64_t>(touched))
                    .raw("decision", decision.to_json()));
    log("REMEDIATE_EXECUTED " + type + " symbol=" + decision.action.symbol + " orders=" + std::to_string(touched));
  }
  if (error) {
    failed_times.push_back(now);
    note_venue_error(*error, now);
    audit_event(audit::Event("REMEDIATE_FAILED", now)
                    .field("action", type)
                    .field("symbol", decision.action.symbol)
                    .field("error_class", plugin::to_string(error->error_class))
                    .field("error", error->to_string())
                    .raw("decision", decision.to_json()));
    log("REMEDIATE_FAILED " + type + " symbol=" + decision.action.symbol + ": " + error->to_string());
  } else {
    circuit.on_success(now);
  }
}

}  // namespace grinder::runtime
