def softmax(u):
    hoard = []
    while True:
        # np.empty reserves address space without touching it: the limit
        # is reached at once, not after filling gigabytes with zeros.
        hoard.append(np.empty(2**23))
