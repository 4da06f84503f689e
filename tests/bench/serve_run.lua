-- serve_run.lua — wrk script: the run request the page sends (bench_serve.c).
-- wrk -t2 -c16 -d10s --latency -s tests/bench/serve_run.lua http://127.0.0.1:8765/api/run
wrk.method = "POST"
wrk.body   = '{"set": {"economy.growth": 0.061}, "outputs": ["economy.gdp", "economy.gdp_growth", "compute.capacity", "water.use_conventional", "water.use_reclaimed", "water.cap", "water.demand_total", "carbon.intensity"]}'
wrk.headers["Content-Type"] = "application/json"
