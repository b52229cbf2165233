// The layout benchmark; the simulator benchmarks join here when MLSDSim lands.
print(runLayoutBenchmark())
