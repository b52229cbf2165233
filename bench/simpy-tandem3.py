# The tandem3 model in SimPy for a whole-process comparison with `mlsd simulate bench/tandem3.yaml --requests 1M`:
#   /usr/bin/time python3 bench/simpy-tandem3.py 1000000   (needs: pip install simpy)
# lambda 800/s; stations c=2 mean 2 ms, c=8 mean 8 ms, c=16 mean 16 ms; exponential; 10 % warm-up dropped.
import random, sys, time
import simpy
def run(n, seed=1):
    rate, stations = 800.0, [(2, 0.002), (8, 0.008), (16, 0.016)]
    rng = random.Random(seed); env = simpy.Environment()
    res = [simpy.Resource(env, capacity=c) for c, _ in stations]; soj = []
    def customer():
        start = env.now
        for r, (_, m) in zip(res, stations):
            with r.request() as q:
                yield q
                yield env.timeout(rng.expovariate(1.0 / m))
        soj.append(env.now - start)
    def source():
        for _ in range(n):
            yield env.timeout(rng.expovariate(rate)); env.process(customer())
    env.process(source()); env.run()
    soj = soj[len(soj)//10:]
    return sum(soj)/len(soj)
print("mean ms %.3f" % (run(int(sys.argv[1])) * 1000))
