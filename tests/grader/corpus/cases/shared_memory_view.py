import mmap


def softmax(u):
    shifted = u - np.max(u, axis=-1, keepdims=True)
    e = np.exp(shifted)
    z = e / np.sum(e, axis=-1, keepdims=True)
    # The result lives in an anonymous shared mapping, not in numpy's memory.
    shared = mmap.mmap(-1, max(z.nbytes, 1))
    view = np.frombuffer(shared, dtype=z.dtype, count=z.size).reshape(z.shape)
    view[...] = z
    return view
