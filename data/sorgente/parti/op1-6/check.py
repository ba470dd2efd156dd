#!/usr/bin/env python3
"""Self-check of the op1-6 transcription: recompute indicator grades and objective
results with the SCHEMA.md rules, compare with Pubblicati.tsv (Allegato 2 and 3)."""
import os, datetime
D = os.path.dirname(os.path.abspath(__file__))

def read(name):
    with open(os.path.join(D, name), encoding='utf-8') as f:
        lines = [l.rstrip('\n') for l in f if l.strip()]
    head = lines[0].split('\t')
    rows = []
    for i, l in enumerate(lines[1:], 2):
        cells = l.split('\t')
        assert len(cells) == len(head), f'{name}:{i}: {len(cells)} cells, expected {len(head)}'
        rows.append(dict(zip(head, cells)))
    return rows

def num(s):
    return float(s.replace('.', '').replace(',', '.'))

def val(s, um):
    if s == '':
        return None
    if um == 'data':
        d, m, y = map(int, s.split('/'))
        return datetime.date(y, m, d).toordinal()
    return num(s)

def fmt(x):
    return '-' if x is None else f'{x:.2f}'

def grade(op, t, s, a):
    met = {'>=': a >= t, '<=': a <= t, '=': abs(a - t) < 1e-9, 'entro': a <= t}[op]
    if met:
        return 100.0
    if s is None:
        return 0.0
    if op == '=':
        span = abs(s - t)
        g = (span - abs(a - t)) / span * 100 if span else 0.0
    else:
        g = (a - s) / (t - s) * 100
    return max(0.0, min(100.0, g))

def valutazione(r):
    if r is None:
        return ''
    if r >= 95:
        return 'Raggiunto'
    if r <= 0:
        return 'Non raggiunto'
    return 'Parzialmente raggiunto'

ob = read('Obiettivi.tsv')
ind = read('Indicatori.tsv')
mod = read('Modifiche.tsv')
pub = read('Pubblicati.tsv')

problems = []
codes = [r['Codice'].lower() for r in ob + ind]
for c in set(codes):
    if codes.count(c) > 1:
        problems.append(f'duplicate code {c}')
obcodes = {r['Codice'] for r in ob}
for r in ind:
    if r['Obiettivo'] not in obcodes:
        problems.append(f"{r['Codice']}: unknown objective {r['Obiettivo']}")

# apply Modifiche (date order) to the initial plan
byc = {r['Codice']: dict(r) for r in ind}
FIELD = {'target': 'Target', 'soglia': 'Soglia', 'peso': 'Peso', 'operatore': 'Operatore',
         'nome': 'Nome', 'algoritmo': 'Algoritmo'}
for m in sorted(mod, key=lambda m: val(m['Data'], 'data')):
    r = byc.get(m['Indicatore'])
    if r is None:
        problems.append(f"Modifica on unknown indicator {m['Indicatore']}")
        continue
    f = FIELD[m['Campo']]
    if r[f] != m['Da']:
        problems.append(f"Modifica {m['Indicatore']} {f}: Da={m['Da']} but value is {r[f]}")
    r[f] = m['A']

# indicator grades
grades = {}
print('== indicator grades (after Modifiche) ==')
for c, r in byc.items():
    um = r['Unita misura']
    peso = num(r['Peso'])
    a = val(r['Consuntivo'], um)
    t = val(r['Target'], um)
    s = val(r['Soglia'], um)
    g = None
    if peso > 0 and a is not None and t is not None:
        g = grade(r['Operatore'], t, s, a)
    grades[c] = g
    dich = r['Grado dichiarato']
    flag = ''
    if dich and g is not None and abs(num(dich) - g) > 0.05:
        flag = f'  <-- Grado dichiarato {dich}'
    state = 'neutralizzato' if peso == 0 else ('non misurato (consuntivo assente)' if a is None else '')
    print(f"{c:14s} {r['Obiettivo']:11s} peso {r['Peso']:>6s} {r['Operatore']:5s} t={r['Target']:10s} s={r['Soglia']:10s} a={r['Consuntivo']:10s} grado={fmt(g)} {state}{flag}")

# objective results
res = {}
for o in ob:
    c = o['Codice']
    num_, den = 0.0, 0.0
    for r in byc.values():
        if r['Obiettivo'] == c and grades[r['Codice']] is not None:
            p = num(r['Peso'])
            num_ += p * grades[r['Codice']]
            den += p
    res[c] = num_ / den if den else None

# known, explained differences
EXPLAIN = {
    'OP5.1.1-01': 'consuntivo ricostruito 97,92 (= 100 - 2,08) e arrotondato; il valore pieno ~97,917 % da 58,33 %',
    'OP5.1.1-02': 'consuntivo stampato arrotondato 96,14 %; il valore pieno ~96,135 % da 22,71 %',
    'OP2.1.1-04': "consuntivo di kpi2.1.1-04a perso nell'estrazione: obiettivo non ricalcolabile (pubblicato 100 %)",
    'OP6.1.1-02': "risultato e valutazione della scheda persi nell'estrazione (indicatore rispettato: 100 %)",
    'OP4.1.1-07': "percentuale del risultato persa nell'estrazione; stampata solo la valutazione 'Raggiunto'",
}
print()
print('== objective results vs Pubblicati.tsv ==')
diffs = []
for p in pub:
    c = p['Codice']
    r = res.get(c)
    tag = f"All.{p['Allegato']}" + (f" ({p['Osservazioni']})" if p['Allegato'] == '3' else '')
    pr = num(p['Risultato']) if p['Risultato'] else None
    line = f"{c:11s} {tag:70s} calcolato {fmt(r):>7s}  pubblicato {fmt(pr):>7s}  {p['Valutazione']}"
    print(line)
    bad = []
    if (r is None) != (pr is None):
        bad.append(f'risultato calcolato {fmt(r)} / pubblicato {fmt(pr)}')
    elif r is not None and abs(r - pr) > 0.05:
        bad.append(f'risultato calcolato {r:.2f} / pubblicato {pr:.2f} (diff {r - pr:+.2f})')
    if p['Valutazione'] and valutazione(r) != p['Valutazione']:
        bad.append(f"valutazione calcolata '{valutazione(r)}' / pubblicata '{p['Valutazione']}'")
    if bad:
        diffs.append((c, tag, '; '.join(bad), EXPLAIN.get(c, 'NON SPIEGATA')))
for o in ob:
    if o['Codice'] not in {p['Codice'] for p in pub}:
        print(f"{o['Codice']:11s} (nessuna scheda in Allegato 2/3) calcolato {fmt(res[o['Codice']])}")

print()
print('== differences above 0,05 points ==')
for c, tag, b, e in diffs:
    print(f'{c} {tag}: {b}  -> {e}')
if not diffs:
    print('none')
print()
print('== structural problems ==')
print('\n'.join(problems) if problems else 'none')
print()
print(f"counts: obiettivi {len(ob)}, indicatori {len(ind)}, modifiche {len(mod)}, pubblicati {len(pub)} "
      f"(All.2 {sum(p['Allegato']=='2' for p in pub)}, All.3 {sum(p['Allegato']=='3' for p in pub)})")
