/* xlsx.h — scorecard.xlsx, the workbook a planning bureau keeps: the plan's
 * indicator table (专栏: 指标 / 单位 / 2025年 / 2030年 / 年均增长 / 属性) with
 * the projection beside it, the trajectories, a batch's p_met and
 * summary, a compare's scenarios side by side.  Built from the CSV files
 * of the folder (so it says what they say), with libxlsxwriter; without
 * it (PLANSIM_XLSX undefined) nothing is written. */
#ifndef PLANSIM_XLSX_H
#define PLANSIM_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "sim.h"

/* True when this plansim writes workbooks. */
bool sim_xlsx_available(void);

/* Writes dir/scorecard.xlsx from the files of a run, batch or compare
 * folder (the kind is read off its files), complete or not at all; title
 * heads the first sheet.  SIM_ERR_IO with why filled on failure; SIM_OK
 * and nothing written without libxlsxwriter. */
sim_status sim_write_xlsx(const char *dir, const char *title, char *why, size_t size);

#endif
