#!/bin/sh
# test_plot.sh — figures of a run, compare, batch, sweep, solve,
# sensitivity and discover folder.
# Usage: test_plot.sh PLANSIM SOURCE_DIR WORK_DIR MODE
#   MODE run|compare|batch|sweep|solve|sensitivity|discover: draw the figures and check every PNG (1200x800 or
#   1600x900, not
#   blank) and SVG (parses, holds the title); exits 77 (skipped) when
#   gnuplot is not installed.
#   MODE nognuplot: without gnuplot on PATH, data and scripts are written,
#   the install command is printed and the exit status is 0.
#   MODE neither: a folder that is neither kind exits 2.
#   MODE damaged: a run folder whose trajectories.csv is cut mid-row, or
#   holds only its header, or whose targets.csv is cut, exits 2 naming the
#   file and the row.
#   MODE notargets: a compare of scenarios without targets skips its
#   figures and exits 0.
set -u
plansim=$1 src=$2 work=$3 mode=$4
cfg=$src/tests/golden/enforce_binding.cfg
targets='targets=(
  { id="compute_cap"; var="compute.capacity"; kind="level"; from=2021; to=2026; op=">=";
    value=2400.0; attribute="expected"; label="Compute capacity"; label_zh="算力规模"; source="test"; },
  { id="gdp_growth"; var="economy.gdp"; kind="growth"; from=2021; to=2026; op=">="; value=4.5;
    attribute="binding"; label="GDP growth"; label_zh="地区生产总值增长"; source="test"; },
  { id="co2_cut"; var="carbon.intensity"; kind="reduction"; from=2021; to=2026; op=">=";
    value=18.0; attribute="binding"; label="CO2 per unit GDP, reduction";
    label_zh="单位地区生产总值二氧化碳排放降低"; source="test"; } )'
rm -rf "$work"
fail() { echo "FAIL: $*"; exit 1; }

case $mode in
neither)
  mkdir -p "$work"
  "$plansim" plot "$work" 2>"$work/err"
  test $? -eq 2 || fail "plot of an empty folder should exit 2"
  grep -q "neither a run folder" "$work/err" || fail "no clear message: $(cat "$work/err")"
  exit 0 ;;
damaged)
  "$plansim" run "$cfg" -q -o "$work" || fail "run"
  head -c 3000 "$work/trajectories.csv" > "$work/cut" && mv "$work/cut" "$work/trajectories.csv"
  "$plansim" plot "$work" 2>"$work/err"
  test $? -eq 2 || fail "plot of a cut trajectories.csv should exit 2"
  grep -q "trajectories.csv: row [0-9]* ends without a newline" "$work/err" || fail "no clear message: $(cat "$work/err")"
  "$plansim" run "$cfg" -q -o "$work" || fail "run"
  head -1 "$work/trajectories.csv" > "$work/cut" && mv "$work/cut" "$work/trajectories.csv"
  "$plansim" plot "$work" 2>"$work/err"
  test $? -eq 2 || fail "plot of a header-only trajectories.csv should exit 2"
  grep -q "trajectories.csv: a header and no rows" "$work/err" || fail "no clear message: $(cat "$work/err")"
  "$plansim" run "$cfg" -q -o "$work" --set "$targets" || fail "run"
  head -c 300 "$work/targets.csv" > "$work/cut" && mv "$work/cut" "$work/targets.csv"
  "$plansim" plot "$work" 2>"$work/err"
  test $? -eq 2 || fail "plot of a cut targets.csv should exit 2"
  grep -q "targets.csv: row [0-9]* ends without a newline" "$work/err" || fail "no clear message: $(cat "$work/err")"
  exit 0 ;;
notargets)
  mkdir -p "$work"
  for n in a b; do
    printf 'base = "%s";\nname = "%s";\ntargets = ();\n' "$cfg" "$n" > "$work/$n.cfg"
  done
  "$plansim" compare "$work/a.cfg" "$work/b.cfg" -q -o "$work/out" --plot 2>"$work/err" || fail "compare --plot without targets should exit 0: $(cat "$work/err")"
  grep -q "compare figures skipped" "$work/err" || fail "no message: $(cat "$work/err")"
  exit 0 ;;
nognuplot)
  "$plansim" run "$cfg" -q -o "$work" --set "$targets" || fail "run"
  PATH=/nonexistent "$plansim" plot "$work" 2>"$work/err" || fail "plot without gnuplot should exit 0"
  grep -q "apt-get install gnuplot-nox" "$work/err" || fail "no install hint: $(cat "$work/err")"
  for f in water_balance compute carbon target_compute_cap target_gdp_growth target_co2_cut; do
    test -s "$work/figures/$f.gp" && test -s "$work/figures/$f.dat" || fail "$f.gp/.dat missing"
    test ! -e "$work/figures/$f.png" || fail "$f.png written without gnuplot"
  done
  exit 0 ;;
esac

command -v gnuplot >/dev/null 2>&1 || { echo "gnuplot not installed: skipped"; exit 77; }
if [ "$mode" = run ]; then
  "$plansim" run "$cfg" -q -o "$work" --set "$targets" --plot || fail "run --plot"
  "$plansim" plot "$work" -q || fail "plot"
  set -- water_balance "Water: demand by sector" compute "Data-centre compute" \
         carbon "CO2 emissions and intensity" \
         target_compute_cap "Compute capacity — missed" target_gdp_growth "GDP growth — met" \
         target_co2_cut "CO2 per unit GDP, reduction — missed"
elif [ "$mode" = sweep ]; then
  "$plansim" sweep "$src/scenarios/xincheng-green-compute.cfg" --vary water.cap=7000:9000:500 \
    -q -o "$work" --plot || fail "sweep --plot (one input)"
  "$plansim" sweep "$src/scenarios/xincheng-green-compute.cfg" --vary water.cap=7000:9000:500 \
    --vary compute.wue=0.5:2.0:0.5 -q -o "$work/grid" --plot || fail "sweep --plot (two inputs)"
  mv "$work/grid/figures/sweep_grid.png" "$work/grid/figures/sweep_grid.svg" "$work/figures/"
  set -- sweep_water_red_line "Water use never above the red line" \
         sweep_grid "Every binding target met?"
elif [ "$mode" = solve ]; then
  x=$src/scenarios/xincheng-2030.cfg
  "$plansim" solve "$x" --target carbon_intensity --lever compute.growth=0:3 -q -o "$work" \
    --plot || fail "solve --plot"
  "$plansim" solve "$x" --target carbon_intensity --lever compute.growth=0:3 \
    --lever compute.green_share=0:1 --grid 11 --points 64 -q -o "$work/frontier" --plot ||
    fail "solve --plot (two levers)"
  "$plansim" capacity "$x" -q -o "$work/capacity" --plot || fail "capacity --plot"
  mv "$work"/frontier/figures/frontier.* "$work"/capacity/figures/capacity_*.* "$work/figures/"
  set -- solve_carbon_intensity "What it takes: carbon_intensity" \
         frontier "Frontier: the trade-off of two levers" \
         capacity_population "What the water red line allows: population" \
         capacity_compute "What the water red line allows: compute"
elif [ "$mode" = batch ]; then
  "$plansim" batch "$src/tests/batch/design.cfg" -n 2000 -q -o "$work" --set "$targets" \
    --plot || fail "batch --plot"
  set -- fan_economy_gdp "GDP (亿元): spread over the batch's runs" \
         fan_compute_capacity "Compute capacity (PFlops): spread" \
         fan_carbon_intensity "CO2 per 万元 GDP (t): spread" \
         p_met "Share of runs meeting each target"
elif [ "$mode" = sensitivity ]; then
  "$plansim" sensitivity "$src/tests/sensitivity/product.cfg" -n 256 -q -o "$work" \
    --set 'targets=({ id="gdp_level"; var="economy.gdp"; kind="level"; op=">="; value=900.0;
      attribute="binding"; label="GDP"; label_zh="地区生产总值"; source="test"; })' \
    --plot || fail "sensitivity --plot"
  set -- tornado_gdp_level "target:gdp_level: Sobol indices" \
         st_years_economy_gdp "total Sobol index of each input by year"
elif [ "$mode" = discover ]; then
  "$plansim" batch "$src/scenarios/xincheng-2030.cfg" -n 2000 -q -o "$work/batch" || fail "batch"
  "$plansim" discover "$work/batch" --target water_red_line -q -o "$work" --plot \
    || fail "discover --plot"
  set -- prim_tradeoff_water_red_line_missed "coverage against density" \
         prim_box_water_red_line_missed "PRIM box: where water_red_line is missed"
else
  "$plansim" compare "$cfg" "$src/tests/golden/nonbinding.cfg" -q -o "$work" --set "$targets" \
    --plot || fail "compare --plot"
  set -- compare_grid "Targets met by scenario" compare_economy_gdp "GDP (亿元)" \
         compare_compute_capacity "Compute capacity (PFlops)"
fi
# The first python3 with NumPy (a pyenv shim may come first on PATH).
python=
for p in python3 /usr/bin/python3; do
  if "$p" -c "import numpy" 2>/dev/null; then python=$p; break; fi
done
test -n "$python" || fail "no python3 with NumPy"
"$python" - "$work/figures" "$@" <<'PY' || exit 1
import struct, sys, zlib, xml.etree.ElementTree as ET
import numpy as np

def size_and_colours(path):
    """Size of an 8-bit PNG and whether it holds more than one colour,
    decoding rows only until a second colour turns up."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    w, h, depth, ctype = struct.unpack(">IIBB", data[16:26])
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += n + 12
    bpp = {2: 3, 6: 4, 0: 1, 4: 2}[ctype]
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(h, w * bpp + 1)
    prev = np.zeros(w * bpp, np.int32)
    first = None
    for y in range(h):
        f, line = raw[y, 0], raw[y, 1:].astype(np.int32)
        if f in (0, 2):
            cur = (line + (prev if f == 2 else 0)) % 256
        elif f == 1:
            cur = np.cumsum(line.reshape(w, bpp), axis=0).reshape(-1) % 256
        else:  # average or Paeth: sequential along the row, in plain ints
            cur, up = line.tolist(), prev.tolist()
            for i in range(w * bpp):
                a = cur[i - bpp] if i >= bpp else 0
                b = up[i]
                if f == 3:
                    pred = (a + b) >> 1
                else:
                    c = up[i - bpp] if i >= bpp else 0
                    pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                    pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                cur[i] = (cur[i] + pred) & 255
            cur = np.array(cur, np.int32)
        prev = cur
        px = cur.reshape(w, bpp)
        first = px[0] if first is None else first
        if (px != first).any():
            return w, h, True
    return w, h, False

folder, args = sys.argv[1], sys.argv[2:]
for name, title in zip(args[::2], args[1::2]):
    w, h, drawn = size_and_colours(f"{folder}/{name}.png")
    # 1600x900 for the compare grid, whose rows carry both labels
    assert (w, h) in ((1200, 800), (1600, 900)), f"{name}.png is {w}x{h}, not 1200x800"
    assert drawn, f"{name}.png is blank (one colour)"
    texts = ["".join(e.itertext()) for e in ET.parse(f"{folder}/{name}.svg").iter()
             if e.tag.endswith("}text") or e.tag == "text"]
    assert any(title in t for t in texts), f"{name}.svg has no title {title!r}: {texts}"
    print(f"ok {name}: {w}x{h}, not blank, title {title!r}")
PY
