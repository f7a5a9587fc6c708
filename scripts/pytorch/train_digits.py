#!/usr/bin/env python3
"""The TrainDigits demo's model, trained by PyTorch, to time it beside gradtape on the same machine.

Same data (the digits CSV that gradtape ships, pixels / 16), same split sizes (the last TEST_FRACTION of a seeded
permutation is the test set; the permutation itself is NumPy's, not gradtape's Philox one, so the two runs see
different but equally sized splits), same model (Dense 64->256 ReLU, dropout 0.5, -> 10, Glorot-uniform kernels, zero biases),
same optimizer (Adam, Keras defaults: beta1 0.9, beta2 0.999, epsilon 1e-7), same loss (softmax cross-entropy
from logits), batch size, epochs and per-epoch reshuffle, and the same per-epoch evaluation of the validation
loss and test accuracy. Prints the training time (the loop only, after imports and data loading) and the
process's wall time.

Run from the repository root:  /usr/bin/python3 scripts/pytorch/train_digits.py
"""
import argparse
import gzip
import os
import time

T0 = time.perf_counter()

import numpy as np  # noqa: E402
import torch  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DEFAULT_DATA = os.path.join(ROOT, "gradtape-core", "src", "main", "resources", "io", "gradtape", "data", "digits.csv.gz")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default=DEFAULT_DATA)
    p.add_argument("--epochs", type=int, default=25)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--test-fraction", type=float, default=0.2)
    p.add_argument("--seed", type=int, default=40)
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads; 0 keeps PyTorch's default")
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    with gzip.open(a.data, "rt") as f:
        raw = np.loadtxt(f, delimiter=",", dtype=np.float32)
    x = raw[:, :64] / 16.0
    y = raw[:, 64].astype(np.int64)
    perm = np.random.RandomState(a.seed).permutation(len(x))
    n_test = int(np.ceil(len(x) * a.test_fraction))   # as Dataset.trainTestSplit: ceil, test rows first
    test_idx, train_idx = perm[:n_test], perm[n_test:]
    x_train, y_train = torch.from_numpy(x[train_idx]), torch.from_numpy(y[train_idx])
    x_test, y_test = torch.from_numpy(x[test_idx]), torch.from_numpy(y[test_idx])

    model = torch.nn.Sequential(torch.nn.Linear(64, a.hidden), torch.nn.ReLU(), torch.nn.Dropout(a.dropout),
                                torch.nn.Linear(a.hidden, 10))
    for m in model:
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(m.weight)
            torch.nn.init.zeros_(m.bias)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(a.seed)

    t_train = time.perf_counter()
    for epoch in range(a.epochs):
        model.train()
        order = torch.randperm(len(x_train), generator=gen)
        total, correct, seen = 0.0, 0, 0
        for start in range(0, len(order), a.batch_size):
            idx = order[start:start + a.batch_size]
            xb, yb = x_train[idx], y_train[idx]
            logits = model(xb)
            loss = loss_fn(logits, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            correct += (logits.argmax(1) == yb).sum().item()
            seen += len(idx)
        model.eval()
        with torch.no_grad():
            logits = model(x_test)
            val_loss = loss_fn(logits, y_test).item()
            val_acc = (logits.argmax(1) == y_test).float().mean().item()
        print(f"Epoch {epoch + 1}/{a.epochs} - loss: {total / seen:.4f} - accuracy: {correct / seen:.4f}"
              f" - val_loss: {val_loss:.4f} - val_accuracy: {val_acc:.4f}")
    train_s = time.perf_counter() - t_train
    print(f"test accuracy {val_acc:.4f}; training {train_s:.2f} s; process {time.perf_counter() - T0:.2f} s"
          f" (torch {torch.__version__}, {torch.get_num_threads()} threads)")


if __name__ == "__main__":
    main()
