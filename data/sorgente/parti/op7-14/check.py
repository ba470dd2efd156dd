#!/usr/bin/env python3
"""Self-check for parti/op7-14: recompute indicator grades and objective results
with the rules at the end of SCHEMA.md and compare them with Pubblicati.tsv and
with the column "Grado dichiarato". Prints every difference above 0,05 points."""
import os, datetime

D = os.path.dirname(os.path.abspath(__file__))

def read(name):
    with open(os.path.join(D, name), encoding='utf-8') as f:
        lines = f.read().split('\n')
    head = lines[0].split('\t')
    rows = []
    for ln in lines[1:]:
        if not ln:
            continue
        cells = ln.split('\t')
        assert len(cells) == len(head), (name, ln)
        rows.append(dict(zip(head, cells)))
    return rows

def num(s):
    s = s.strip()
    if not s:
        return None
    if '/' in s:
        d, m, y = map(int, s.split('/'))
        return datetime.date(y, m, d).toordinal()
    return float(s.replace('.', '').replace(',', '.'))

def grade(op, t, s, a):
    met = {'>=': a >= t, '<=': a <= t, '=': abs(a - t) < 1e-9, 'entro': a <= t}[op]
    if met:
        return 100.0
    if s is None:
        return 0.0
    if op == '=':   # soglia bounds the distance from the target
        g = (abs(s - t) - abs(a - t)) / abs(s - t) * 100
    else:
        g = (a - s) / (t - s) * 100
    return max(0.0, min(100.0, g))

fmt = lambda x: ('%.2f' % x).replace('.', ',') if x is not None else '-'

ob = {o['Codice']: o for o in read('Obiettivi.tsv')}
ind = read('Indicatori.tsv')
pub = read('Pubblicati.tsv')
mod = read('Modifiche.tsv')

problems = []
# known, explained differences (see RICOSTRUZIONI.md)
EXPLAIN = {
    'OP8.2.1-03': "la tabella indicatori della scheda e' persa nell'estrazione (restano titolo, unita', "
                  "risultato 100,00 % e Raggiunto); nessun indicatore trascritto per non inventarlo",
    'OP12.3-02': "l'unico indicatore (Entro 30/09/2022) non ha consuntivo stampato ne' in Allegato 2 ne' in "
                 "Allegato 1 (dove ha grado 0 %); la scheda stampa solo 'Non raggiunto': risultato 0 non "
                 "riproducibile senza una data di consuntivo",
    'OP10.2.2-04': "obiettivo presente solo nell'albero della performance: nessuna scheda, nessun indicatore, "
                   "nessuna unita' organizzativa stampati",
}
by_obj = {}
for r in ind:
    assert r['Obiettivo'] in ob, r['Codice']
    peso = num(r['Peso'])
    a = num(r['Consuntivo'])
    g = None
    if a is not None and peso and peso > 0:
        g = grade(r['Operatore'], num(r['Target']), num(r['Soglia']), a)
        by_obj.setdefault(r['Obiettivo'], []).append((peso, g))
    r['_g'] = g
    gd = num(r['Grado dichiarato'])
    if gd is not None and (g is None or abs(gd - g) > 0.05):
        problems.append('%s: grado calcolato %s, dichiarato %s' % (r['Codice'], fmt(g), fmt(gd)))

res = {}
for o, lst in by_obj.items():
    res[o] = sum(p * g for p, g in lst) / sum(p for p, g in lst)

print('Indicatori (%d):' % len(ind))
for r in ind:
    print('  %-14s %-12s grado %s' % (r['Codice'], r['Obiettivo'], fmt(r['_g'])))
print()
print('Obiettivi (%d), Pubblicati (%d), Modifiche (%d):' % (len(ob), len(pub), len(mod)))
for p in pub:
    c = p['Codice']
    calc = res.get(c)
    pr = num(p['Risultato'])
    line = '  %-12s All.%s calcolato %-7s pubblicato %-7s %s' % (c, p['Allegato'], fmt(calc), fmt(pr), p['Valutazione'])
    print(line)
    if pr is None and calc is None:
        problems.append('%s: nessun risultato calcolabile (nessun consuntivo) e nessun risultato stampato; valutazione stampata "%s"' % (c, p['Valutazione']))
    elif pr is None or calc is None or abs(pr - calc) > 0.05:
        problems.append('%s: calcolato %s, pubblicato %s (%s)' % (c, fmt(calc), fmt(pr), p['Valutazione']))
for c in ob:
    if c not in {p['Codice'] for p in pub}:
        problems.append('%s: obiettivo senza scheda pubblicata; risultato calcolato %s' % (c, fmt(res.get(c))))
    if not any(r['Obiettivo'] == c for r in ind):
        problems.append('%s: obiettivo senza indicatori' % c)
print()
print('Differenze / anomalie (%d):' % len(problems))
for p in problems:
    code = p.split(':')[0]
    print('  - ' + p)
    if code in EXPLAIN:
        print('      spiegazione: ' + EXPLAIN[code])
