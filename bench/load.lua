-- wrk script for bench/load.py: POSTs questions from QUESTIONS (a file, one per line) to the
-- path in PATH_, as 50 distinct clients (X-Forwarded-For from a trusted proxy), and prints a
-- JSON summary with latency percentiles and responses by status.
local questions = {}
for line in io.lines(os.getenv("QUESTIONS")) do questions[#questions + 1] = line end
local path = os.getenv("PATH_") or "/api/search"
local body_extra = os.getenv("BODY_EXTRA") or ""
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(os.time() + id)
  counter = 0
  statuses = {}
end

function request()
  counter = counter + 1
  local q = questions[(counter + id * 7919) % #questions + 1]
  local client = "10.0." .. id .. "." .. (counter % 25 + 1)
  local body = '{"question": "' .. q .. '"' .. body_extra .. '}'
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["X-Forwarded-For"] = client}, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      counts[tostring(status)] = (counts[tostring(status)] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(counts) do parts[#parts + 1] = '"' .. status .. '": ' .. n end
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, "socket_errors": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(parts, ", ")))
end

-- Think time is drawn uniformly from 0.5-1.5x THINK_MS, so that clients do not fire in lockstep.
local think = tonumber(os.getenv("THINK_MS") or "0")
if think > 0 then
  function delay()
    return math.random(math.floor(think / 2), math.floor(think * 3 / 2))
  end
end
