throw new Error("ECharts was not vendored when plansim was built: run scripts/setup.sh (npm install echarts) and build again");
