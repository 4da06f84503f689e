"""test_xlsx.py — reads scorecard.xlsx back (openpyxl) and holds its cells
against the CSV files of the same folder: the plan-layout sheet and the
trajectories of a run, the p_met and summary sheets of a batch, the column
groups of a compare.  Numbers must be number cells, met and missed filled
in their colours and spelt out.

usage: test_xlsx.py RUN_DIR BATCH_DIR COMPARE_DIR
"""
import csv
import math
import sys

import openpyxl

failed = 0


def check(ok, what):
    global failed
    if not ok:
        failed += 1
        print("FAIL:", what)


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


def sheet_rows(ws, header_row):
    """The sheet's rows below header_row as dicts keyed by header text."""
    head = [c.value for c in ws[header_row]]
    out = []
    for r in ws.iter_rows(min_row=header_row + 1):
        out.append({h: c for h, c in zip(head, r) if h})
    return out


def number_cell(c, want, what):
    check(c.data_type == "n" and isinstance(c.value, (int, float)), f"{what}: a number cell ({c.value!r})")
    if isinstance(c.value, (int, float)):
        check(close(c.value, want), f"{what}: {c.value} == {want}")


def status_cell(c, status, what):
    met = status == "met"
    check(("达成 met" if met else "未达成 missed") in (c.value or ""), f"{what}: status text {c.value!r}")
    check(c.fill.fgColor.rgb == ("FFCCE4F6" if met else "FFFAD7A0"), f"{what}: fill {c.fill.fgColor.rgb}")


def run_folder(d):
    wb = openpyxl.load_workbook(f"{d}/scorecard.xlsx")
    check(wb.sheetnames == ["规划指标 Indicators", "轨迹 Trajectories"], f"run sheets {wb.sheetnames}")
    ws = wb["规划指标 Indicators"]
    check(ws["B3"].value == "指标" and ws["C3"].value == "Indicator", "Chinese first, English beside")
    check(ws["D3"].value.startswith("单位") and ws["G3"].value.startswith("年均增长"), "the plan's columns")
    check(ws["H3"].value.startswith("属性"), "attribute column")
    targets = rows(f"{d}/targets.csv")
    traj = rows(f"{d}/trajectories.csv")
    got = sheet_rows(ws, 3)
    check(len(got) == len(targets), f"{len(got)} target rows, targets.csv {len(targets)}")
    model = 0
    for t, g in zip(targets, got):
        what = t["id"]
        check(g["指标"].value == t["label_zh"] and g["Indicator"].value == t["label"], f"{what}: labels")
        number_cell(g["规划目标\nPlan"], float(t["value"]), f"{what} plan")
        number_cell(g["预测结果\nResult"], float(t["result"]), f"{what} result")
        status_cell(g["结果\nStatus"], t["status"], what)
        basis = g["依据\nBasis"].value
        check(basis.endswith(t["basis"]), f"{what}: basis {basis}")
        model += t["basis"] == "model"
        base = next(r for r in traj if r["year"] == t["from"])[t["var"]]
        number_cell(g[ws["E3"].value], float(base), f"{what} base-year value")
    # GDP, compute, water and carbon at least are model results in the default plan
    check(model >= 4 and model == sum(t["basis"] == "model" for t in targets), f"{model} model results")
    ws = wb["轨迹 Trajectories"]
    years = [c.value for c in ws[1]][4:]
    check(years == [int(r["year"]) for r in traj], f"years across {years}")
    gdp = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "economy.gdp")
    check(gdp[1].value == "地区生产总值" and gdp[3].value == "亿元", "GDP row labelled")
    for k, r in enumerate(traj):
        number_cell(gdp[4 + k], float(r["economy.gdp"]), f"GDP in {r['year']}")


def batch_folder(d):
    wb = openpyxl.load_workbook(f"{d}/scorecard.xlsx")
    check(wb.sheetnames == ["达成概率 P(met)", "分布 Summary"], f"batch sheets {wb.sheetnames}")
    ws = wb["达成概率 P(met)"]
    targets = rows(f"{d}/targets.csv")
    got = sheet_rows(ws, 3)
    check(len(got) == len(targets), "a row per target and the all-binding row")
    for t, g in zip(targets, got):
        c = g["达成概率\nP(met)"]
        number_cell(c, float(t["p_met"]), f"{t['id']} p_met")
        check(c.number_format == "0.0%", f"{t['id']}: p_met as a percentage")
        note = g["说明\nNote"].value or ""
        check(("no finding" in note) == (t["p_met_note"] == "untouched path"), f"{t['id']}: note {note!r}")
    check(any(t["p_met_note"] == "untouched path" for t in targets), "some path untouched")
    ws = wb["分布 Summary"]
    summary = rows(f"{d}/summary.csv")
    got = sheet_rows(ws, 1)
    check(len(got) == len(summary), "a row per output and year")
    for s, g in list(zip(summary, got))[:: max(1, len(summary) // 40)]:
        check(g["变量\nVariable"].value == s["var"], f"{s['var']} row")
        for col, key in (("中位数\np50", "p50"), ("p95", "p95"), ("均值\nmean", "mean")):
            if s[key]:
                number_cell(g[col], float(s[key]), f"{s['var']} {s['year']} {key}")


def compare_folder(d):
    wb = openpyxl.load_workbook(f"{d}/scorecard.xlsx")
    ws = wb["情景比较 Compare"]
    table = rows(f"{d}/compare.csv")
    names = list(dict.fromkeys(r["scenario"] for r in table))
    groups = [ws.cell(3, 8 + 3 * k).value for k in range(len(names))]
    check(groups == names, f"one column group per scenario: {groups}")
    check(any(str(m) == "H3:J3" for m in ws.merged_cells.ranges), "group header merged over its columns")
    ids = list(dict.fromkeys(r["id"] for r in table))
    for i, tid in enumerate(ids):
        row = 5 + i
        for k, name in enumerate(names):
            r = next((r for r in table if r["scenario"] == name and r["id"] == tid), None)
            if r:
                number_cell(ws.cell(row, 8 + 3 * k), float(r["result"]), f"{name} {tid} result")
                status_cell(ws.cell(row, 10 + 3 * k), r["status"], f"{name} {tid}")


run_folder(sys.argv[1])
batch_folder(sys.argv[2])
compare_folder(sys.argv[3])
print(f"test_xlsx: {'failed' if failed else 'all cells as expected'} ({failed} failures)")
sys.exit(1 if failed else 0)
