-- Fail closed on stale market data (BTCTurk guarded-live runbook): an action
-- decided on a quote older than max_age_ms, or on no quote at all, is denied
-- with market_data:stale. Missing data counts as stale, never as fresh.
name = "stale_market_data"
summary = "Deny when the best bid/ask is older than max_age_ms or was never received"

params = {
  max_age_ms = { type = "integer", default = 3000, min = 1,
                 doc = "Oldest acceptable quote in ms (the runbook's MAX_MARKET_DATA_AGE_MS)" },
  applies_to = { type = "string", default = "all", one_of = { "all", "risk_increasing" },
                 doc = "risk_increasing lets cancels and reduce-only flattens through on stale data" },
}

function evaluate(action, ctx, with)
  local age = ctx.market_age_ms
  if age ~= nil and age <= with.max_age_ms then
    return allow()  -- fresh: the common case, decided on two reads
  end
  if with.applies_to == "risk_increasing" and not action.adds_risk then
    return allow()
  end
  return deny("market_data:stale", "age_ms=", age == nil and "unknown" or age, " max_age_ms=", with.max_age_ms)
end
