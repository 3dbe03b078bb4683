"""An independent fit of the BTYD likelihoods with scipy.optimize (Debian python3-scipy), for
packages/clv: reproduces the published CDNOW table and writes per-customer predictions that
packages/clv/test/scipyReference.test.ts compares with the TypeScript ones.

    /usr/bin/python3 scripts/reference/btyd_scipy.py reference > packages/clv/test/fixtures/cdnow-scipy.json
    /usr/bin/python3 scripts/reference/btyd_scipy.py bench FILE.csv...   # fit times (JSON lines), for bench/src/clvScenario.ts

The likelihoods are written from the papers (Fader, Hardie and Lee 2005 for BG/NBD; Batislam et al.
2007 for the modified BG/NBD; Fader and Hardie 2005's note for Pareto/NBD, with scipy.special.hyp2f1;
Fader and Hardie 2013 for Gamma-Gamma), maximised with scipy.optimize.minimize(method='BFGS') on the
log parameters with scipy's finite-difference gradient, the way a Python user would fit them.
The summary is rebuilt from cdnow-sample.csv here too (distinct purchase days, weeks = days / 7).
"""
import csv
import json
import sys
import time
from collections import defaultdict
from datetime import date

import numpy as np
from scipy.integrate import quad
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

DATA = '/work/shared/data/cdnow'


def bg_ll(p, x, tx, T, k=0):
    r, alpha, a, b = p
    base = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x + k) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide='ignore'):
        a4 = np.where(x + k > 0, np.log(a) - np.log(np.maximum(b + x + k - 1, 1e-300)) - (r + x) * np.log(alpha + tx), -np.inf)
    return base + np.logaddexp(a3, a4)


def pnbd_log_a0(p, x, tx, T):
    r, alpha, s, beta = p
    big, gap = max(alpha, beta), abs(alpha - beta)
    b = s + 1 if alpha >= beta else r + x
    a = r + s + x
    l1 = np.log(hyp2f1(a, b, a + 1, gap / (big + tx))) - a * np.log(big + tx)
    l2 = np.log(hyp2f1(a, b, a + 1, gap / (big + T))) - a * np.log(big + T)
    with np.errstate(divide='ignore'):
        return l1 + np.log(-np.expm1(l2 - l1))


def pnbd_ll(p, x, tx, T):
    r, alpha, s, beta = p
    base = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    died = np.log(s) - np.log(r + s + x) + pnbd_log_a0(p, x, tx, T)
    return base + np.logaddexp(alive, died)


def gg_ll(p, x, m):
    pp, q, g = p
    return gammaln(pp * x + q) - gammaln(pp * x) - gammaln(q) + q * np.log(g) + (pp * x - 1) * np.log(m) + pp * x * np.log(x) - (pp * x + q) * np.log(g + m * x)


def fit(ll, args, start):
    n = len(args[0])

    def objective(theta):
        v = -np.sum(ll(np.exp(theta), *args)) / n
        return v if np.isfinite(v) else 1e300

    res = minimize(objective, np.log(start), method='BFGS', options={'gtol': 1e-7, 'maxiter': 1000})
    return np.exp(res.x), -res.fun * n, res


def start_for(model, T, m=None):
    mt = float(np.mean(T))
    return {'bg': [1, mt, 1, 1], 'mbg': [1, mt, 1, 1], 'pnbd': [1, mt, 1, mt], 'gg': [1, 1, float(np.mean(m)) if m is not None else 1]}[model]


def rebuild_summary():
    by = defaultdict(lambda: defaultdict(float))
    for row in csv.DictReader(open(f'{DATA}/cdnow-sample.csv')):
        by[int(row['sample_id'])][row['date']] += float(row['dollar_value'])
    end = date(1997, 9, 30)
    ids, x, tx, T, m, hold = [], [], [], [], [], []
    for i in sorted(by):
        days = sorted(by[i].items())
        cal = [d for d in days if d[0] <= '1997-09-30']
        first = date.fromisoformat(cal[0][0])
        ids.append(i)
        x.append(len(cal) - 1)
        tx.append((date.fromisoformat(cal[-1][0]) - first).days / 7)
        T.append((end - first).days / 7)
        m.append(sum(v for _, v in cal[1:]) / (len(cal) - 1) if len(cal) > 1 else 0.0)
        hold.append(len(days) - len(cal))
    return np.array(ids), np.array(x, float), np.array(tx), np.array(T), np.array(m), np.array(hold, float)


def bg_conditional(p, t, x, tx, T, k=0):
    r, alpha, a, b = p
    z = t / (alpha + T + t)
    term = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x + k, a + b + x + k - 1, z)
    return (a + b + x + k - 1) / (a - 1) * term * bg_alive(p, x, tx, T, k)


def bg_alive(p, x, tx, T, k=0):
    r, alpha, a, b = p
    odds = np.where(x + k > 0, a / np.maximum(b + x + k - 1, 1e-300) * ((alpha + T) / (alpha + tx)) ** (r + x), 0.0)
    return 1 / (1 + odds)


def pnbd_alive(p, x, tx, T):
    r, alpha, s, beta = p
    alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    died = np.log(s) - np.log(r + s + x) + pnbd_log_a0(p, x, tx, T)
    return np.exp(alive - np.logaddexp(alive, died))


def pnbd_conditional(p, t, x, tx, T):
    r, alpha, s, beta = p
    return (r + x) * (beta + T) / ((alpha + T) * (s - 1)) * (1 - ((beta + T) / (beta + T + t)) ** (s - 1)) * pnbd_alive(p, x, tx, T)


def bg_expected(p, t, k=0):
    r, alpha, a, b = p
    lead = (a + b - 1) if k == 0 else b
    return lead / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b + k, a + b + k - 1, t / (alpha + t)))


def pnbd_expected(p, t):
    r, alpha, s, beta = p
    return r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ** (s - 1))


def nbd_pmf(n, r, alpha, t):
    return np.exp(gammaln(r + n) - gammaln(r) - gammaln(n + 1) + r * np.log(alpha / (alpha + t)) + n * np.log(t / (alpha + t))) if t > 0 else float(n == 0)


def bg_pmf(p, n, t, k=0):
    r, alpha, a, b = p
    head = sum(nbd_pmf(j, r, alpha, t) for j in range(n))
    out = np.exp(betaln(a, b + n + k) - betaln(a, b)) * nbd_pmf(n, r, alpha, t)
    if n + k > 0:
        out += np.exp(betaln(a + 1, b + n + k - 1) - betaln(a, b)) * (1 - head)
    return float(out)


def pnbd_pmf(p, n, t):
    r, alpha, s, beta = p
    inner, _ = quad(lambda tau: s / beta * (beta / (beta + tau)) ** (s + 1) * nbd_pmf(n, r, alpha, tau), 0, t, epsabs=1e-14, epsrel=1e-12, limit=200)
    return float(nbd_pmf(n, r, alpha, t) * (beta / (beta + t)) ** s + inner)


def gg_expected(p, x, m):
    pp, q, g = p
    w = pp * x / (pp * x + q - 1)
    return (1 - w) * g * pp / (q - 1) + w * m


def clv(cond, spend, months=12, f=4.345, d=0.01):
    out = 0
    prev = 0
    for i in range(1, months + 1):
        cur = cond(i * f)
        out = out + spend * (cur - prev) / (1 + d) ** i
        prev = cur
    return out


def reference():
    ids, x, tx, T, m, hold = rebuild_summary()
    out = {'customers': len(ids), 'fits': {}}
    timings = {}
    for name, ll, args, start in [
        ('bg-nbd', bg_ll, (x, tx, T), start_for('bg', T)),
        ('modified-bg-nbd', lambda p, *a: bg_ll(p, *a, k=1), (x, tx, T), start_for('mbg', T)),
        ('pareto-nbd', pnbd_ll, (x, tx, T), start_for('pnbd', T)),
        ('gamma-gamma', gg_ll, (x[x > 0], m[x > 0]), start_for('gg', T, m[x > 0])),
    ]:
        t0 = time.perf_counter()
        p, value, res = fit(ll, args, start)
        timings[name] = time.perf_counter() - t0
        out['fits'][name] = {'params': p.tolist(), 'logLikelihood': float(value), 'converged': bool(res.success), 'iterations': int(res.nit)}
        print(f'{name:16s} {" ".join(f"{v:.4f}" for v in p)}  LL {value:.2f}  ({timings[name]*1000:.0f} ms)', file=sys.stderr)
    bg = out['fits']['bg-nbd']['params']
    mbg = out['fits']['modified-bg-nbd']['params']
    pn = out['fits']['pareto-nbd']['params']
    gg = out['fits']['gamma-gamma']['params']
    spend = gg_expected(gg, x, m)
    pick = list(range(0, len(ids), 7)) + [int(i) for i in np.argsort(-x)[:10]]
    rows = []
    for i in sorted(set(pick)):
        xi, ti, Ti = x[i:i + 1], tx[i:i + 1], T[i:i + 1]
        rows.append({
            'id': int(ids[i]), 'x': float(x[i]), 't_x': float(tx[i]), 'T': float(T[i]), 'monetary': float(m[i]),
            'bgAlive': float(bg_alive(bg, xi, ti, Ti)[0]), 'bgExpected39': float(bg_conditional(bg, 39, xi, ti, Ti)[0]),
            'mbgAlive': float(bg_alive(mbg, xi, ti, Ti, 1)[0]), 'mbgExpected39': float(bg_conditional(mbg, 39, xi, ti, Ti, 1)[0]),
            'pnbdAlive': float(pnbd_alive(pn, xi, ti, Ti)[0]), 'pnbdExpected39': float(pnbd_conditional(pn, 39, xi, ti, Ti)[0]),
            'expectedSpend': float(spend[i]),
            'bgClv12': float(clv(lambda t: bg_conditional(bg, t, xi, ti, Ti), spend[i:i + 1])[0]),
        })
    out['customersCompared'] = rows
    out['population'] = {
        'bgExpected': {str(t): float(bg_expected(bg, t)) for t in [1, 39, 78, 520]},
        'mbgExpected': {str(t): float(bg_expected(mbg, t, 1)) for t in [1, 39, 78, 520]},
        'pnbdExpected': {str(t): float(pnbd_expected(pn, t)) for t in [1, 39, 78, 520]},
        'bgPmf39': [bg_pmf(bg, n, 39) for n in range(8)],
        'mbgPmf39': [bg_pmf(mbg, n, 39, 1) for n in range(8)],
        'pnbdPmf39': [pnbd_pmf(pn, n, 39) for n in range(8)],
    }
    out['holdoutTotal'] = float(hold.sum())
    out['secondsScipy'] = timings
    print(json.dumps(out))


def bench(files):
    for path in files:
        data = np.loadtxt(path, delimiter=',', skiprows=1)
        x, tx, T, m = data[:, 0], data[:, 1], data[:, 2], data[:, 3]
        for name, ll, args, start in [
            ('bg-nbd', bg_ll, (x, tx, T), start_for('bg', T)),
            ('pareto-nbd', pnbd_ll, (x, tx, T), start_for('pnbd', T)),
            ('modified-bg-nbd', lambda p, *a: bg_ll(p, *a, k=1), (x, tx, T), start_for('mbg', T)),
            ('gamma-gamma', gg_ll, (x[(x > 0) & (m > 0)], m[(x > 0) & (m > 0)]), start_for('gg', T, m[(x > 0) & (m > 0)])),
        ]:
            t0 = time.perf_counter()
            p, value, res = fit(ll, args, start)
            seconds = time.perf_counter() - t0
            import resource
            print(json.dumps({'file': path, 'model': name, 'ms': seconds * 1000, 'params': p.tolist(), 'logLikelihood': float(value), 'converged': bool(res.success),
                              'maxRssBytes': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}), flush=True)


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == 'bench':
        bench(sys.argv[2:])
    else:
        reference()
