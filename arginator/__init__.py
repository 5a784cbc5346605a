__version__ = "0.2.0"

import warnings
# fastai still calls torch.jit.script at import; torch 2.14 warns about it on every CLI start
warnings.filterwarnings('ignore', message='`torch.jit.script` is deprecated', category=FutureWarning)
