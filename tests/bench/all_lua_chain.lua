-- The reference chain (Runbook 22 ACTIVE remediation, then stale_market_data,
-- max_drawdown and max_actions_per_hour) as one Lua function in a plain
-- state: the all-in-Lua engine the decision benchmark measures grinder's
-- chain against. The configuration is fixed here, as a generation's would be;
-- the host refills `a` and `c` with each decision's facts, and decide()
-- writes each check's denial reason (or false) to `out`, in chain order.
local plan = { cancel_all = true }
local symbols = { BTCUSDT = true }
local prefix = "grinder_1_"
local max_calls_run, max_calls_day = 3, 20
local max_notional_run, max_notional_day = 200, 1000
local flatten_max, max_orders = 100, 1
local cooldown_ms = 300000
local max_age_ms, max_drawdown, max_per_hour = 3000, 5, 10

local function own(id)
  return #id > #prefix and id:sub(1, #prefix) == prefix
end

function decide(a, c, out)
  local t = a.type
  local places = t == "place_order" or t == "replace_order"
  local cancel = t == "cancel_all" or t == "cancel_order"
  local adds_risk = places and not a.reduce_only
  local price = a.price
  if price == nil then
    if a.side == "buy" then price = c.ask else price = c.bid end
    if price == nil and c.bid and c.ask then price = (c.bid + c.ask) / 2 end
  end
  local notional = 0
  if not cancel then notional = price and a.qty * price end

  local symbol, orders, n = a.symbol, a.orders, a.n_orders
  local symbols_ok = symbols[symbol] == true
  local ids_ok = a.client_order_id == "" or own(a.client_order_id)
  local one_symbol = true
  for i = 1, n do
    local o = orders[i]
    local s = o.symbol
    if s ~= "" and not symbols[s] then symbols_ok = false end
    if not own(o.client_order_id) then ids_ok = false end
    if s ~= "" and s ~= symbol then one_symbol = false end
  end
  local count = n
  if t ~= "cancel_all" and count < 1 then count = 1 end

  out[1] = not plan[t] and "action_not_in_stage"
  out[2] = c.kill_switch and adds_risk and "kill_switch_active"
  out[3] = c.dry_run and "dry_run"
  out[4] = not c.allow_active_remediation and "not_allowed"
  out[5] = not c.armed and "not_armed"
  out[6] = c.allow_mainnet_trade ~= "1" and "env_var_missing"
  out[7] = not symbols_ok and "symbol_not_allowed"
  out[8] = not ids_ok and "foreign_order"
  out[9] = count > max_orders and "max_orders_per_action"
  out[10] = not one_symbol and "max_symbols_per_action"
  local last = c.last_action_ms
  out[11] = last ~= nil and c.now_ms - last < cooldown_ms and "cooldown"
  out[12] = (t == "flatten" or (places and a.price == nil)) and price == nil and "price_unknown"
  out[13] = t == "flatten" and (notional == nil or notional > flatten_max) and "flatten_notional_cap"
  local budget = false
  if c.budget_error ~= nil then
    budget = "budget_state_error"
  elseif notional == nil then
    budget = "budget_notional_run"
  elseif c.calls_run + 1 > max_calls_run then
    budget = "budget_calls_run"
  elseif c.calls_day + 1 > max_calls_day then
    budget = "budget_calls_day"
  elseif c.notional_run + notional > max_notional_run then
    budget = "budget_notional_run"
  elseif c.notional_day + notional > max_notional_day then
    budget = "budget_notional_day"
  end
  out[14] = budget
  out[15] = c.circuit_open and "circuit_open"
  out[16] = not c.leader and "not_leader"
  local age = c.market_age_ms
  out[17] = not (age ~= nil and age <= max_age_ms) and "market_data:stale"
  out[18] = c.drawdown_pct >= max_drawdown and "max_drawdown"
  out[19] = c.actions_last_hour + 1 > max_per_hour and "actions_per_hour"

  for i = 1, 19 do
    if out[i] then return false end
  end
  return true
end
