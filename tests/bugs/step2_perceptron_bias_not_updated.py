"""perceptron_train never updates the bias, so only lines through 0 are learned."""

MODULE = "step2_feedforward"
TASK = "step2.perceptron"
REPLACE = {
    "perceptron_train": """
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(max_epochs):
        mistakes = 0
        for x_n, d_n in zip(X, d):
            y_n = 1.0 if x_n @ w + b >= 0 else 0.0
            if y_n != d_n:
                mistakes += 1
                w = w + learning_rate * (d_n - y_n) * x_n
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, float(b), errors
    """
}
