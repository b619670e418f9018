-- Runbook 22 rolls ACTIVE back when drawdown_pct >= 5. Until the rollback
-- lands, this gate stops new actions at the same line.
name = "max_drawdown"
summary = "Deny when the drawdown reaches threshold_pct"

params = {
  threshold_pct = { type = "number", default = 5, min = 0, max = 100,
                    doc = "Drawdown, in percent, at which actions stop" },
  applies_to = { type = "string", default = "all", one_of = { "all", "risk_increasing" },
                 doc = "risk_increasing still lets cancels and reduce-only flattens through" },
}

function evaluate(action, ctx, with)
  if with.applies_to == "risk_increasing" and not action.adds_risk then
    return allow()
  end
  local drawdown = ctx.drawdown_pct
  if drawdown >= with.threshold_pct then
    return deny("max_drawdown", "drawdown_pct=", drawdown, " threshold_pct=", with.threshold_pct)
  end
  return allow()
end
