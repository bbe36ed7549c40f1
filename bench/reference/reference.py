"""PyTorch reference for TicketLab's benchmark (P7): the same TextCNN / padded bidirectional LSTM, loaded from the
weights and batches TicketLab exported, trained with the same Adam on the same batches.

Bench tooling only: PyTorch is never a dependency of the product. Usage:
    python3 reference.py EXPORT_DIR epoch     -> {"seconds": ..., "steps": ...}
    python3 reference.py EXPORT_DIR parity    -> {"losses": [loss before step 1, loss on the same batch after it]}
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def reverse(x, lengths):
    """Each sequence's valid steps reversed, padding left in place (TicketLab's PaddedSequences.Reverse)."""
    t = torch.arange(x.shape[1]).unsqueeze(0)
    n = lengths.unsqueeze(1)
    index = torch.where(t < n, n - 1 - t, t)
    return x.gather(1, index.unsqueeze(2).expand(x.shape))


def last(x, lengths):
    index = (lengths - 1).view(-1, 1, 1).expand(x.shape[0], 1, x.shape[2])
    return x.gather(1, index).squeeze(1)


class TextCnn(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.embedding = nn.Embedding(m["vocab"], m["embedding_dim"], padding_idx=0)
        self.convs = nn.ModuleList(nn.Conv1d(m["embedding_dim"], m["filters"], w) for w in m["widths"])
        self.dropout = nn.Dropout(m["dropout"])
        self.fc = nn.Linear(len(m["widths"]) * m["filters"], m["classes"])

    def forward(self, ids, lengths):
        e = self.embedding(ids).permute(0, 2, 1)
        pooled = [F.relu(conv(e)).amax(2) for conv in self.convs]
        return self.fc(self.dropout(torch.cat(pooled, 1)))


class PaddedLstmLayer(nn.Module):
    """One bidirectional layer on the padded batch: nn.LSTM per direction, the backward one on per-length reversed input."""

    def __init__(self, inp, hidden):
        super().__init__()
        self.fwd = nn.LSTM(inp, hidden, 1, batch_first=True)
        self.bwd = nn.LSTM(inp, hidden, 1, batch_first=True)

    def forward(self, x, lengths):
        ahead, _ = self.fwd(x)
        back, _ = self.bwd(reverse(x, lengths))
        out = torch.cat([ahead, reverse(back, lengths)], 2)
        return out, torch.cat([last(ahead, lengths), last(back, lengths)], 1)


class Lstm(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.embedding = nn.Embedding(m["vocab"], m["embedding_dim"], padding_idx=0)
        self.layers = nn.ModuleList(
            PaddedLstmLayer(m["embedding_dim"] if i == 0 else 2 * m["hidden"], m["hidden"]) for i in range(m["layers"]))
        self.dropout = nn.Dropout(m["dropout"])
        self.fc = nn.Linear(2 * m["hidden"], m["classes"])

    def forward(self, ids, lengths):
        x = self.dropout(self.embedding(ids))
        final = None
        for i, layer in enumerate(self.layers):
            if i > 0:
                x = self.dropout(x)
            x, final = layer(x, lengths)
        return self.fc(self.dropout(final))


def load(folder):
    with open(f"{folder}/manifest.json") as f:
        manifest = json.load(f)
    blob = np.fromfile(f"{folder}/data.bin", dtype=np.uint8)

    def tensor(entry):
        dtype = np.float32 if entry["dtype"] == "f32" else np.int64
        count = int(np.prod(entry["shape"]))
        a = np.frombuffer(blob, dtype=dtype, count=count, offset=entry["offset"]).reshape(entry["shape"])
        return torch.from_numpy(a.copy())

    m = manifest["model"]
    model = TextCnn(m) if m["name"] == "cnn" else Lstm(m)
    state = {t["name"]: tensor(t) for t in manifest["tensors"]}
    missing = set(model.state_dict()) ^ set(state)
    if missing:
        raise SystemExit(f"reference.py: parameter names differ from TicketLab's: {sorted(missing)}")
    model.load_state_dict(state)
    batches = lambda key: [tuple(tensor(e) for e in b) for b in manifest[key]]
    return manifest, model, batches("train"), batches("validation")


def main():
    folder, mode = sys.argv[1], sys.argv[2]
    manifest, model, train, validation = load(folder)
    torch.set_num_threads(manifest["threads"])
    optimizer = torch.optim.Adam(model.parameters(), lr=manifest["learning_rate"])
    if mode == "parity":
        ids, lengths, labels = train[0]
        model.train()
        loss = F.cross_entropy(model(ids, lengths), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        after = F.cross_entropy(model(ids, lengths), labels)
        print(json.dumps({"losses": [loss.item(), after.item()]}))
        return
    start = time.perf_counter()
    model.train()
    for ids, lengths, labels in train:  # the same work per step as TicketLab's trainer, host syncs included
        optimizer.zero_grad()
        logits = model(ids, lengths)
        loss = F.cross_entropy(logits, labels)
        loss.backward()
        optimizer.step()
        loss.item()
        logits.argmax(1).eq(labels).sum().item()
    model.eval()
    with torch.no_grad():  # the validation pass that ends each TicketLab epoch
        for ids, lengths, labels in validation:
            logits = model(ids, lengths)
            F.cross_entropy(logits, labels, reduction="sum").item()
            logits.argmax(1).eq(labels).sum().item()
    print(json.dumps({"seconds": time.perf_counter() - start, "steps": len(train)}))


if __name__ == "__main__":
    main()
