-- Runbook 13, dry-run review: "STOP if planned actions seem excessive (> 10
-- per hour)". An action that would be the eleventh in the last hour is
-- denied; an operator looks before anything more is sent.
name = "max_actions_per_hour"
summary = "Deny an action that would make more than max actions in the last hour"

params = {
  max = { type = "integer", default = 10, min = 0, doc = "Actions allowed per rolling hour" },
}

function evaluate(action, ctx, with)
  local done = ctx.actions_last_hour
  if done + 1 > with.max then
    return deny("actions_per_hour", "actions_last_hour=", done, " max=", with.max)
  end
  return allow()
end
