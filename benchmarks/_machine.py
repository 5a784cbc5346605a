"The machine a benchmark ran on, in words (shared by the benchmark scripts)."
import os, platform
from pathlib import Path

def machine(extra:str='')->str:
    "CPU model, cores, memory and Python version, plus `extra` (e.g. the GPU)"
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.machine()) \
          if Path('/proc/cpuinfo').exists() else platform.machine()
    mem = os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30
    return f'{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}{extra}'
