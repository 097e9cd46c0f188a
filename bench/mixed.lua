-- The mixed workload: every request is one of the distinct (page, person) pairs listed in the
-- file that BENCH_REQUESTS names ("path<TAB>cookie<TAB>authorization" a line: a session's
-- cookie, or an API token's Authorization header, or neither), drawn at random. Reports one JSON
-- line: requests per second, latency percentiles (ms), and the answers that were not 2xx.
local requests = {}
local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("id", count)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(id * 7919 + os.time())
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    local path, cookie, authorization = line:match("^([^\t]+)\t([^\t]*)\t(.*)$")
    local headers = {}
    if cookie ~= "" then headers["Cookie"] = cookie end
    if authorization ~= "" then headers["Authorization"] = authorization end
    requests[#requests + 1] = wrk.format("GET", path, headers)
  end
  redirects, failures = 0, 0
end

function request()
  return requests[math.random(#requests)]
end

function response(status, headers, body)
  if status >= 400 then
    failures = failures + 1
  elseif status >= 300 then
    redirects = redirects + 1
  end
end

function done(summary, latency, requests)
  local redirected, failed = 0, 0
  for _, thread in ipairs(threads) do
    redirected = redirected + thread:get("redirects")
    failed = failed + thread:get("failures")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "requests": %d, "errors": %d, "redirects": %d, "non2xx": %d}\n',
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    redirected, redirected + failed))
end
