"What every benchmark script does with its figures: print them as JSON and, with `--out`, write them to a file too."
import json
from pathlib import Path

def report(res:dict, out=None)->None:
    "Print `res` as indented JSON; also write it to `out` when given"
    txt = json.dumps(res, indent=1)
    if out: Path(out).write_text(txt + '\n')
    print(txt)
