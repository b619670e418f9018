-- Actions that add risk only inside a daily window, in UTC (exchanges and
-- the runbooks keep UTC; local time would move with daylight saving). A
-- window that ends before it starts runs past midnight: 22:00-06:00.
name = "trading_hours"
summary = "Deny actions that add risk outside a daily UTC window"

params = {
  start_utc = { type = "string", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$",
                doc = "Window opens, HH:MM UTC" },
  end_utc = { type = "string", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$",
              doc = "Window closes, HH:MM UTC (exclusive)" },
  days = { type = "string_list", default = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" },
           one_of = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" },
           doc = "UTC days on which the window opens" },
  applies_to = { type = "string", default = "risk_increasing", one_of = { "all", "risk_increasing" },
                 doc = "all also holds cancels and flattens to the window" },
}

local DAY_MS <const> = 86400000
-- 1970-01-01, day 0 of the epoch, was a Thursday.
local WEEKDAYS = { "thu", "fri", "sat", "sun", "mon", "tue", "wed" }

local function minutes(hhmm)
  return tonumber(hhmm:sub(1, 2)) * 60 + tonumber(hhmm:sub(4, 5))
end

local function listed(days, day)
  for _, d in ipairs(days) do
    if d == day then return true end
  end
  return false
end

function evaluate(action, ctx, with)
  if with.applies_to == "risk_increasing" and not action.adds_risk then
    return allow()
  end
  local day = ctx.now_ms // DAY_MS
  local minute = (ctx.now_ms % DAY_MS) // 60000
  local open, close = minutes(with.start_utc), minutes(with.end_utc)
  local opened_on = day
  local inside
  if open <= close then
    inside = minute >= open and minute < close
  elseif minute >= open then
    inside = true
  else
    -- Early hours of an overnight window belong to the day it opened.
    inside = minute < close
    opened_on = day - 1
  end
  if inside and listed(with.days, WEEKDAYS[opened_on % 7 + 1]) then
    return allow()
  end
  return deny("outside_trading_hours",
              string.format("now=%s %02d:%02d UTC window=%s-%s days=%s", WEEKDAYS[day % 7 + 1], minute // 60,
                            minute % 60, with.start_utc, with.end_utc, table.concat(with.days, ",")))
end
