"""STEP 5 — autoencoders (자기부호화기): plain, sparse, denoising, stacked, deep.

An autoencoder encodes x into y = f(W x + b) and decodes y into
x̂ = f̃(W̃ y + b̃), and is trained to reproduce its input. The notes pair the
output layer with the error function by the type of x:

- real-valued x: identity output, squared error (``output="identity"``);
- binary x (or x in [0, 1]): logistic output, cross-entropy (``output="sigmoid"``).

With weight tying (``tied=True``) the decoder uses W̃ = Wᵀ; W is then used twice,
and its gradient is the sum of the two uses.

Parameters are plain dicts of arrays: ``{"W": (M, D), "b": (M,), "W_tilde":
(D, M), "b_tilde": (D,)}``, without ``"W_tilde"`` when tied. Gradients come in a
dict of the same keys. As everywhere in the kit, batches are rows: u = x Wᵀ + b.

Shapes: N samples, D input features, M hidden units (the code's length), C
classes.
"""

import numpy as np

from .step2_feedforward import (
    affine_backward,
    affine_forward,
    sigmoid_cross_entropy,
    sigmoid_forward,
    softmax_cross_entropy,
    squared_error,
)
from .step3_data import add_gaussian_noise
from .step3_training import (
    UPDATE_RULES,
    adagrad_update,
    check_seed,
    minibatch_indices,
    momentum_update,
    sgd_update,
    weight_decay_penalty,
)
from .step4_backprop import ACTIVATIONS, check_params, network_backward, network_forward
from .validation import (
    as_float_array,
    check_choice,
    check_positive_int,
    check_positive_number,
    check_same_shape,
)

OUTPUTS = ("identity", "sigmoid")
NOISE_KINDS = ("gaussian", "masking")
# KL(ρ‖ρ̂) has log ρ̂ and log(1 − ρ̂) in it: ρ̂ (a mean activation) is clipped to
# [RHO_HAT_CLIP, 1 − RHO_HAT_CLIP] so that a unit that is never (or always)
# active gives a large but finite penalty and gradient instead of inf or NaN.
RHO_HAT_CLIP = 1e-8


# ---------------------------------------------------------------------------
# Checks of the plain-data arguments
# ---------------------------------------------------------------------------


def _param_keys(tied):
    return ("W", "b", "b_tilde") if tied else ("W", "b", "W_tilde", "b_tilde")


def check_autoencoder_params(D, params, tied):
    """Return ``params`` as a dict of float64 arrays that fit D inputs.

    Raises TypeError/ValueError naming the key whose array is missing or has the
    wrong shape.
    """
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}")
    missing = [key for key in _param_keys(tied) if key not in params]
    if missing:
        raise ValueError(f"params (tied={tied}) is missing {missing}")
    W = as_float_array("params['W']", params["W"], ndim=2)
    M = W.shape[0]
    expected = {"W": (M, D), "b": (M,), "W_tilde": (D, M), "b_tilde": (D,)}
    checked = {}
    for key in _param_keys(tied):
        array = as_float_array(f"params[{key!r}]", params[key])
        if array.shape != expected[key]:
            raise ValueError(
                f"params[{key!r}] must have shape {expected[key]}, got {array.shape}"
            )
        checked[key] = array
    return checked


def _check_sparsity(sparsity):
    if sparsity is None:
        return None
    if not isinstance(sparsity, dict) or set(sparsity) != {"rho", "beta"}:
        raise ValueError(f"sparsity must be None or dict(rho=, beta=), got {sparsity}")
    rho = check_positive_number("sparsity['rho']", sparsity["rho"])
    if not rho < 1.0:
        raise ValueError(f"sparsity['rho']={rho} must lie in (0, 1)")
    beta = check_positive_number("sparsity['beta']", sparsity["beta"], allow_zero=True)
    return {"rho": rho, "beta": beta}


def _check_noise(noise):
    if noise is None:
        return None
    if not isinstance(noise, dict) or set(noise) != {"kind", "level"}:
        raise ValueError(f"noise must be None or dict(kind=, level=), got {noise}")
    check_choice("noise['kind']", noise["kind"], NOISE_KINDS)
    level = check_positive_number("noise['level']", noise["level"], allow_zero=True)
    if noise["kind"] == "masking" and not level < 1.0:
        raise ValueError(f"masking noise['level']={level} must be a fraction < 1")
    return {"kind": noise["kind"], "level": level}


# ---------------------------------------------------------------------------
# Initialization
# ---------------------------------------------------------------------------


def init_autoencoder(D, M, *, tied=False, std=0.1, seed=0):
    """Gaussian initialization: weights ~ N(0, std²), biases 0.

    Parameters
    ----------
    D : int, input features
    M : int, hidden units
    tied : bool, whether the decoder reuses Wᵀ (then no ``"W_tilde"``)
    std : float > 0
    seed : int, for ``np.random.default_rng``

    Returns
    -------
    params : dict, see the module docstring
    """
    D = check_positive_int("D", D)
    M = check_positive_int("M", M)
    std = check_positive_number("std", std)
    rng = np.random.default_rng(seed)
    params = {"W": rng.normal(0.0, std, size=(M, D)), "b": np.zeros(M)}
    if not tied:
        params["W_tilde"] = rng.normal(0.0, std, size=(D, M))
    params["b_tilde"] = np.zeros(D)
    return params


# ---------------------------------------------------------------------------
# Forward and backward passes
# ---------------------------------------------------------------------------


def autoencoder_forward(x, params, *, hidden="sigmoid", tied=False):
    """Encode and decode a batch, stopping at the output layer's total input.

    y = f(x Wᵀ + b) and u_out = y W̃ᵀ + b̃ (W̃ = Wᵀ when tied). The output
    activation f̃ belongs to the loss (STEP 2's pairings), as in STEP 4. The code
    y is returned too, because the sparse penalty is a function of it.

    Parameters
    ----------
    x : ndarray of shape (N, D)
    params : dict, see the module docstring
    hidden : {"sigmoid", "tanh", "relu", "identity"}, the activation f
    tied : bool

    Returns
    -------
    u_out : ndarray of shape (N, D), total input of the output layer
    y : ndarray of shape (N, M), the code (hidden layer output)
    cache : object for ``autoencoder_backward``
    """
    x = as_float_array("x", x, ndim=2)
    check_choice("hidden", hidden, tuple(ACTIVATIONS))
    params = check_autoencoder_params(x.shape[1], params, tied)
    # >>> student: step5.autoencoder
    act_forward, _ = ACTIVATIONS[hidden]
    W, b, b_tilde = params["W"], params["b"], params["b_tilde"]
    W_tilde = W.T if tied else params["W_tilde"]

    u, encoder_cache = affine_forward(x, W, b)
    y, act_cache = act_forward(u)
    u_out, decoder_cache = affine_forward(y, W_tilde, b_tilde)

    cache = (hidden, tied, encoder_cache, act_cache, decoder_cache)
    return u_out, y, cache
    # <<< student


def autoencoder_backward(du_out, cache, *, dy=None):
    """Backward pass of the autoencoder, with an optional extra gradient on y.

    δ_out = du_out comes from the loss. The decoder gives ∂E/∂y = δ_out W̃; the
    term ``dy`` (the sparse penalty's ∂/∂y) is added to it *before* the f'
    factor, so δ_hidden = f'(u) ⊙ (δ_out W̃ + dy). With tying, W is used in both
    layers and dW = δ_hiddenᵀ x + (δ_outᵀ y)ᵀ.

    Parameters
    ----------
    du_out : ndarray of shape (N, D), ∂E/∂u_out
    cache : from ``autoencoder_forward``
    dy : ndarray of shape (N, M), optional, a further ∂E/∂y

    Returns
    -------
    grads : dict with one gradient per key of ``params``, each of its shape
    """
    du_out = as_float_array("du_out", du_out, ndim=2)
    if dy is not None:
        dy = as_float_array("dy", dy, ndim=2)
    # >>> student: step5.autoencoder
    hidden, tied, encoder_cache, act_cache, decoder_cache = cache
    _, act_backward = ACTIVATIONS[hidden]

    dy_total, dW_tilde, db_tilde = affine_backward(du_out, decoder_cache)
    if dy is not None:
        dy_total = dy_total + dy
    du = act_backward(dy_total, act_cache)
    _, dW, db = affine_backward(du, encoder_cache)

    if tied:
        return {"W": dW + dW_tilde.T, "b": db, "b_tilde": db_tilde}
    return {"W": dW, "b": db, "W_tilde": dW_tilde, "b_tilde": db_tilde}
    # <<< student


# ---------------------------------------------------------------------------
# Sparse regularization (희소 규제화)
# ---------------------------------------------------------------------------


def sparsity_penalty(y, rho, beta):
    """β Σ_j KL(ρ‖ρ̂_j) over the hidden units, and its gradient with respect to y.

    ρ̂_j = (1/N) Σ_n y_nj is unit j's mean activation over the batch (the
    minibatch during minibatch training), KL(ρ‖ρ̂) = ρ log(ρ/ρ̂) + (1 − ρ)
    log((1 − ρ)/(1 − ρ̂)). Since every y_nj enters ρ̂_j with weight 1/N,
    ∂/∂y_nj = β (−ρ/ρ̂_j + (1 − ρ)/(1 − ρ̂_j)) / N, the same for every sample.

    ρ̂ is clipped to [RHO_HAT_CLIP, 1 − RHO_HAT_CLIP] first (see the constant),
    and the formulas use the clipped value. Meant for activations in [0, 1]
    (sigmoid units).

    Parameters
    ----------
    y : ndarray of shape (N, M), hidden activations
    rho : float in (0, 1), the target mean activation
    beta : float >= 0, the penalty's weight

    Returns
    -------
    penalty : float
    dy : ndarray of shape (N, M)
    """
    y = as_float_array("y", y, ndim=2)
    sparsity = _check_sparsity({"rho": rho, "beta": beta})
    rho, beta = sparsity["rho"], sparsity["beta"]
    # >>> student: step5.sparsity
    N = y.shape[0]
    rho_hat = np.clip(y.mean(axis=0), RHO_HAT_CLIP, 1.0 - RHO_HAT_CLIP)
    kl = rho * np.log(rho / rho_hat) + (1.0 - rho) * np.log(
        (1.0 - rho) / (1.0 - rho_hat)
    )
    penalty = beta * np.sum(kl)
    d_rho_hat = beta * (-rho / rho_hat + (1.0 - rho) / (1.0 - rho_hat))
    dy = np.broadcast_to(d_rho_hat / N, y.shape).copy()
    return float(penalty), dy
    # <<< student


# ---------------------------------------------------------------------------
# The training objective
# ---------------------------------------------------------------------------


def autoencoder_loss(
    x,
    params,
    *,
    hidden="sigmoid",
    output="identity",
    tied=False,
    sparsity=None,
    weight_decay=0.0,
    target=None,
):
    """Reconstruction error (+ sparse penalty + weight decay) and its gradients.

    E = reconstruction error of f̃(u_out) against the target (squared error for
    ``output="identity"``, cross-entropy for ``"sigmoid"``; both averaged over
    the batch as in STEP 2) + β Σ_j KL(ρ‖ρ̂_j) if ``sparsity`` is given
    + (λ/2) Σ ‖weights‖², the weight decay on W and W̃ only, never on biases.

    Parameters
    ----------
    x : ndarray of shape (N, D), the input
    params : dict, see the module docstring
    hidden : {"sigmoid", "tanh", "relu", "identity"}
    output : {"identity", "sigmoid"}
    tied : bool
    sparsity : None or dict(rho=float in (0, 1), beta=float >= 0)
    weight_decay : float >= 0, λ
    target : ndarray of shape (N, D), optional
        What the output should reproduce; x itself by default. A denoising
        autoencoder passes the clean sample here and the corrupted one as x.
        With ``output="sigmoid"`` it must lie in [0, 1].

    Returns
    -------
    loss : float
    grads : dict of the keys of ``params``
    """
    x = as_float_array("x", x, ndim=2)
    check_choice("output", output, OUTPUTS)
    sparsity = _check_sparsity(sparsity)
    weight_decay = check_positive_number("weight_decay", weight_decay, allow_zero=True)
    if target is not None:
        target = as_float_array("target", target, ndim=2)
        check_same_shape("x", x, "target", target)
    # >>> student: step5.autoencoder_loss
    d = x if target is None else target
    u_out, y, cache = autoencoder_forward(x, params, hidden=hidden, tied=tied)

    error = squared_error if output == "identity" else sigmoid_cross_entropy
    loss, du_out = error(u_out, d)

    dy = None
    if sparsity is not None:
        penalty, dy = sparsity_penalty(y, sparsity["rho"], sparsity["beta"])
        loss += penalty

    grads = autoencoder_backward(du_out, cache, dy=dy)

    # Weight decay (STEP 3) on the weights only: the encoder and, untied, the
    # decoder, as the layers (W, b) and (W̃, b̃) of a two-layer network.
    layers = [(params["W"], params["b"])]
    if not tied:
        layers.append((params["W_tilde"], params["b_tilde"]))
    penalty, decay_grads = weight_decay_penalty(layers, weight_decay)
    loss += penalty
    grads["W"] = grads["W"] + decay_grads[0][0]
    if not tied:
        grads["W_tilde"] = grads["W_tilde"] + decay_grads[1][0]
    return float(loss), grads
    # <<< student


def autoencoder_encode(x, params, *, hidden="sigmoid", tied=False):
    """The code y = f(x Wᵀ + b) of each sample.

    Returns
    -------
    y : ndarray of shape (N, M)
    """
    _, y, _ = autoencoder_forward(x, params, hidden=hidden, tied=tied)
    return y


def autoencoder_reconstruct(
    x, params, *, hidden="sigmoid", output="identity", tied=False
):
    """The reconstruction x̂ = f̃(y W̃ᵀ + b̃) of each sample.

    Returns
    -------
    x_hat : ndarray of shape (N, D)
    """
    check_choice("output", output, OUTPUTS)
    u_out, _, _ = autoencoder_forward(x, params, hidden=hidden, tied=tied)
    if output == "identity":
        return u_out
    x_hat, _ = sigmoid_forward(u_out)
    return x_hat


# ---------------------------------------------------------------------------
# Denoising (디노이징): corrupting the input
# ---------------------------------------------------------------------------


def corrupt(x, *, kind="gaussian", level=0.1, seed=0):
    """A randomly corrupted copy x̃ of the samples, for a denoising autoencoder.

    ``"gaussian"``: x̃ = x + δx, δx ~ N(0, level²) per element (STEP 3's Gaussian
    noise). ``"masking"``: each element is set to 0 with probability ``level``,
    independently, and kept otherwise.

    Parameters
    ----------
    x : ndarray of shape (N, D)
    kind : {"gaussian", "masking"}
    level : float >= 0, the noise's standard deviation, or the fraction masked
        (< 1)
    seed : int >= 0; the same seed gives the same corruption

    Returns
    -------
    x_tilde : ndarray of shape (N, D)
    """
    x = as_float_array("x", x, ndim=2)
    noise = _check_noise({"kind": kind, "level": level})
    seed = check_seed("seed", seed)
    # >>> student: step5.denoising
    if noise["kind"] == "gaussian":
        return add_gaussian_noise(x, noise["level"], seed=seed)
    keep = np.random.default_rng(seed).random(x.shape) >= noise["level"]
    x_tilde = x * keep
    return x_tilde
    # <<< student


# ---------------------------------------------------------------------------
# Training (minibatch SGD with STEP 3's update rules)
# ---------------------------------------------------------------------------

_UPDATES = {"sgd": sgd_update, "momentum": momentum_update, "adagrad": adagrad_update}


def _update_config(update, learning_rate, momentum):
    config = {"learning_rate": learning_rate}
    if update == "momentum":
        config["momentum"] = momentum
    return config


def _check_training(update, learning_rate, momentum, epochs, batch_size, seed):
    check_choice("update", update, UPDATE_RULES)
    learning_rate = check_positive_number("learning_rate", learning_rate)
    momentum = check_positive_number("momentum", momentum, allow_zero=True)
    if not momentum < 1.0:
        raise ValueError(f"momentum={momentum} must be < 1")
    epochs = check_positive_int("epochs", epochs)
    batch_size = check_positive_int("batch_size", batch_size)
    seed = check_seed("seed", seed)
    return learning_rate, momentum, epochs, batch_size, seed


def train_autoencoder(
    X,
    n_hidden,
    *,
    hidden="sigmoid",
    output="sigmoid",
    tied=False,
    sparsity=None,
    weight_decay=0.0,
    noise=None,
    update="momentum",
    learning_rate=0.1,
    momentum=0.9,
    epochs=10,
    batch_size=32,
    init_std=0.1,
    seed=0,
):
    """Train an autoencoder of X by minibatch gradient descent.

    Parameters start from ``init_autoencoder(D, n_hidden, tied=tied,
    std=init_std, seed=seed)``. Each epoch visits the minibatches of STEP 3's
    ``minibatch_indices(N, batch_size, epoch=e, seed=seed)``; for each, the
    gradient of ``autoencoder_loss`` on it (so ρ̂ is the minibatch's mean
    activation), then one step of the rule ``update`` for every array, each with
    its own config. With ``noise`` (a denoising autoencoder), the input of each
    minibatch is ``corrupt``-ed with a fresh seed drawn from
    ``np.random.default_rng([seed, epoch, batch])``, and the target is the clean
    minibatch.

    Parameters
    ----------
    X : ndarray of shape (N, D), in [0, 1] for ``output="sigmoid"``
    n_hidden : int, M
    hidden, output, tied, sparsity, weight_decay : as for ``autoencoder_loss``
    noise : None or dict(kind="gaussian" | "masking", level=float)
    update : {"sgd", "momentum", "adagrad"}
    learning_rate : float > 0
    momentum : float in [0, 1), for ``update="momentum"``
    epochs, batch_size : int > 0
    init_std : float > 0
    seed : int >= 0

    Returns
    -------
    result : dict with ``params`` (the autoencoder's dict) and ``history``, a
        dict with ``loss``: per epoch, the mean minibatch loss (penalties
        included, on the corrupted input when denoising)
    """
    X = as_float_array("X", X, ndim=2)
    n_hidden = check_positive_int("n_hidden", n_hidden)
    check_choice("hidden", hidden, tuple(ACTIVATIONS))
    check_choice("output", output, OUTPUTS)
    sparsity = _check_sparsity(sparsity)
    noise = _check_noise(noise)
    learning_rate, momentum, epochs, batch_size, seed = _check_training(
        update, learning_rate, momentum, epochs, batch_size, seed
    )
    # >>> student: step5.train_autoencoder
    params = init_autoencoder(X.shape[1], n_hidden, tied=tied, std=init_std, seed=seed)
    configs = {key: _update_config(update, learning_rate, momentum) for key in params}
    history = {"loss": []}
    for epoch in range(epochs):
        losses = []
        batches = minibatch_indices(X.shape[0], batch_size, epoch=epoch, seed=seed)
        for number, idx in enumerate(batches):
            x_clean = X[idx]
            x_in = x_clean
            if noise is not None:
                noise_seed = np.random.default_rng([seed, epoch, number]).integers(
                    2**31
                )
                x_in = corrupt(x_clean, **noise, seed=int(noise_seed))
            loss, grads = autoencoder_loss(
                x_in,
                params,
                hidden=hidden,
                output=output,
                tied=tied,
                sparsity=sparsity,
                weight_decay=weight_decay,
                target=x_clean,
            )
            losses.append(loss)
            for key in params:
                params[key], configs[key] = _UPDATES[update](
                    params[key], grads[key], configs[key]
                )
        history["loss"].append(float(np.mean(losses)))
    return {"params": params, "history": history}
    # <<< student


# ---------------------------------------------------------------------------
# Stacked autoencoder (적층 자기부호화기): pre-training and fine-tuning
# ---------------------------------------------------------------------------


def pretrain_stacked(
    X,
    hidden_sizes,
    *,
    hidden="sigmoid",
    output="sigmoid",
    sparsity=None,
    weight_decay=0.0,
    noise=None,
    update="momentum",
    learning_rate=0.1,
    momentum=0.9,
    epochs=10,
    batch_size=32,
    init_std=0.1,
    seed=0,
):
    """Greedy layer-wise pre-training (사전훈련) of a stack of autoencoders.

    Layer 1 is ``train_autoencoder`` of X with M_1 = hidden_sizes[0] units;
    its codes y = f(x W_1ᵀ + b_1) of the training data become the data of layer
    2, and so on up the stack. Layer l (from 1) is trained with seed
    ``seed + l - 1`` and the other arguments as given (untied weights).

    Parameters
    ----------
    X : ndarray of shape (N, D)
    hidden_sizes : list of int, [M_1, ..., M_L], at least one
    other arguments : as for ``train_autoencoder`` (``output`` for every layer)

    Returns
    -------
    result : dict with
        ``layers`` : list of L (W, b) pairs, W_l of shape (M_l, M_{l-1}), the
        encoders, ready to be STEP 4's ``params`` of a network;
        ``decoders`` : list of L (W̃, b̃) pairs, W̃_l of shape (M_{l-1}, M_l);
        ``history`` : list of L per-epoch loss lists, one per layer
    """
    X = as_float_array("X", X, ndim=2)
    if isinstance(hidden_sizes, (str, bytes)) or len(hidden_sizes) == 0:
        raise ValueError(f"hidden_sizes must be a non-empty list, got {hidden_sizes}")
    sizes = [check_positive_int("hidden size", size) for size in hidden_sizes]
    seed = check_seed("seed", seed)
    options = {
        "hidden": hidden,
        "output": output,
        "sparsity": sparsity,
        "weight_decay": weight_decay,
        "noise": noise,
        "update": update,
        "learning_rate": learning_rate,
        "momentum": momentum,
        "epochs": epochs,
        "batch_size": batch_size,
        "init_std": init_std,
    }
    # >>> student: step5.stacked
    layers, decoders, history = [], [], []
    data = X
    for l, M in enumerate(sizes):
        result = train_autoencoder(data, M, **options, seed=seed + l)
        params = result["params"]
        layers.append((params["W"], params["b"]))
        decoders.append((params["W_tilde"], params["b_tilde"]))
        history.append(result["history"]["loss"])
        data = autoencoder_encode(data, params, hidden=hidden)
    return {"layers": layers, "decoders": decoders, "history": history}
    # <<< student


def finetune_classifier(
    X,
    labels,
    layers,
    n_classes,
    *,
    activation="sigmoid",
    update="momentum",
    learning_rate=0.1,
    momentum=0.9,
    epochs=10,
    batch_size=32,
    init_std=0.1,
    seed=0,
):
    """Fine-tuning (미세조정): a softmax layer on top, then supervised training.

    A new output layer W_out ~ N(0, init_std²) of shape (C, M_L) (from
    ``np.random.default_rng(seed)``), b_out = 0, is put on ``layers`` (from
    ``pretrain_stacked``, or any initial layers), and the whole network is
    trained with STEP 4's forward and backward passes and STEP 2's softmax
    cross-entropy, over the minibatches of ``minibatch_indices(N, batch_size,
    epoch=e, seed=seed)``, with one step of ``update`` for every array.

    Parameters
    ----------
    X : ndarray of shape (N, D)
    labels : ndarray of int, shape (N,), in [0, C)
    layers : list of (W, b), the hidden layers (may be empty)
    n_classes : int, C
    activation : activation of every hidden layer
    update, learning_rate, momentum, epochs, batch_size, init_std, seed : as
        for ``train_autoencoder``

    Returns
    -------
    result : dict with ``params`` (list of (W, b), ``layers`` and the output
        layer, trained) and ``history`` (dict with the per-epoch mean minibatch
        ``loss``)
    """
    X = as_float_array("X", X, ndim=2)
    n_classes = check_positive_int("n_classes", n_classes)
    labels = np.asarray(labels)
    if labels.shape != (X.shape[0],) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"labels must be {X.shape[0]} integers, got {labels.dtype} {labels.shape}"
        )
    if labels.min() < 0 or labels.max() >= n_classes:
        raise ValueError(f"labels must lie in [0, {n_classes})")
    layers = check_params(X, layers) if len(layers) else []
    check_choice("activation", activation, tuple(ACTIVATIONS))
    init_std = check_positive_number("init_std", init_std)
    learning_rate, momentum, epochs, batch_size, seed = _check_training(
        update, learning_rate, momentum, epochs, batch_size, seed
    )
    # >>> student: step5.finetune
    M_top = layers[-1][0].shape[0] if layers else X.shape[1]
    rng = np.random.default_rng(seed)
    params = [(W.copy(), b.copy()) for W, b in layers]
    params.append(
        (rng.normal(0.0, init_std, size=(n_classes, M_top)), np.zeros(n_classes))
    )
    configs = [
        (
            _update_config(update, learning_rate, momentum),
            _update_config(update, learning_rate, momentum),
        )
        for _ in params
    ]
    history = {"loss": []}
    for epoch in range(epochs):
        losses = []
        for idx in minibatch_indices(X.shape[0], batch_size, epoch=epoch, seed=seed):
            u, cache = network_forward(X[idx], params, activation)
            loss, delta = softmax_cross_entropy(u, labels[idx])
            grads = network_backward(delta, cache)
            losses.append(loss)
            for l, ((W, b), (dW, db)) in enumerate(zip(params, grads)):
                config_W, config_b = configs[l]
                W, config_W = _UPDATES[update](W, dW, config_W)
                b, config_b = _UPDATES[update](b, db, config_b)
                params[l] = (W, b)
                configs[l] = (config_W, config_b)
        history["loss"].append(float(np.mean(losses)))
    return {"params": params, "history": history}
    # <<< student


def classifier_predict(X, params, *, activation="sigmoid"):
    """Class labels of a network: the argmax of its output layer's total input.

    Parameters
    ----------
    X : ndarray of shape (N, D)
    params : list of (W, b), e.g. ``finetune_classifier(...)["params"]``
    activation : activation of the hidden layers

    Returns
    -------
    labels : ndarray of int64, shape (N,)
    """
    u, _ = network_forward(X, params, activation)
    return np.argmax(u, axis=1).astype(np.int64)


# ---------------------------------------------------------------------------
# Deep autoencoder (심층 자기부호화기): several layers as one autoencoder
# ---------------------------------------------------------------------------


def unroll_stacked(layers, decoders):
    """The deep autoencoder of a pre-trained stack: encoders up, decoders down.

    [(W_1, b_1), ..., (W_L, b_L), (W̃_L, b̃_L), ..., (W̃_1, b̃_1)]: the codes of
    the top layer are decoded layer by layer back to the input.

    Parameters
    ----------
    layers, decoders : lists of L pairs, from ``pretrain_stacked``

    Returns
    -------
    params : list of 2L (W, b) pairs, STEP 4's network from D back to D
    """
    if len(layers) != len(decoders) or len(layers) == 0:
        raise ValueError(
            f"layers and decoders must be equally long and non-empty, got "
            f"{len(layers)} and {len(decoders)}"
        )
    return [(W, b) for W, b in layers] + [(W, b) for W, b in reversed(decoders)]


def deep_autoencoder_loss(
    x, params, *, hidden="sigmoid", output="sigmoid", target=None
):
    """Reconstruction error of a deep autoencoder and its gradients.

    The network ``params`` (STEP 4's list, from D to D) runs with ``hidden``
    units in every layer but the last, whose output f̃ is ``output`` paired with
    its error as in ``autoencoder_loss``.

    Parameters
    ----------
    x : ndarray of shape (N, D)
    params : list of (W, b), the first W of shape (M_1, D), the last (D, M)
    hidden : activation of all layers but the output layer
    output : {"identity", "sigmoid"}
    target : ndarray of shape (N, D), optional; x by default

    Returns
    -------
    loss : float
    grads : list of (dW, db), shaped like ``params``
    """
    x = as_float_array("x", x, ndim=2)
    check_choice("output", output, OUTPUTS)
    params = check_params(x, params)
    if params[-1][0].shape[0] != x.shape[1]:
        raise ValueError(
            f"the last layer must have D = {x.shape[1]} outputs, "
            f"got W of shape {params[-1][0].shape}"
        )
    if target is not None:
        target = as_float_array("target", target, ndim=2)
        check_same_shape("x", x, "target", target)
    # >>> student: step5.deep_autoencoder
    d = x if target is None else target
    u_out, cache = network_forward(x, params, hidden)
    error = squared_error if output == "identity" else sigmoid_cross_entropy
    loss, du_out = error(u_out, d)
    grads = network_backward(du_out, cache)
    return loss, grads
    # <<< student


def train_deep_autoencoder(
    X,
    params,
    *,
    hidden="sigmoid",
    output="sigmoid",
    update="momentum",
    learning_rate=0.1,
    momentum=0.9,
    epochs=10,
    batch_size=32,
    seed=0,
):
    """Fine-tune a deep autoencoder (e.g. ``unroll_stacked``'s) on X.

    Minibatches as in ``train_autoencoder``; one step of ``update`` per array
    on the gradient of ``deep_autoencoder_loss``.

    Returns
    -------
    result : dict with ``params`` (list of (W, b)) and ``history`` (dict with
        the per-epoch mean minibatch ``loss``)
    """
    X = as_float_array("X", X, ndim=2)
    params = check_params(X, params)
    learning_rate, momentum, epochs, batch_size, seed = _check_training(
        update, learning_rate, momentum, epochs, batch_size, seed
    )
    # >>> student: step5.deep_autoencoder
    params = [(W.copy(), b.copy()) for W, b in params]
    configs = [
        (
            _update_config(update, learning_rate, momentum),
            _update_config(update, learning_rate, momentum),
        )
        for _ in params
    ]
    history = {"loss": []}
    for epoch in range(epochs):
        losses = []
        for idx in minibatch_indices(X.shape[0], batch_size, epoch=epoch, seed=seed):
            loss, grads = deep_autoencoder_loss(
                X[idx], params, hidden=hidden, output=output
            )
            losses.append(loss)
            for l, ((W, b), (dW, db)) in enumerate(zip(params, grads)):
                config_W, config_b = configs[l]
                W, config_W = _UPDATES[update](W, dW, config_W)
                b, config_b = _UPDATES[update](b, db, config_b)
                params[l] = (W, b)
                configs[l] = (config_W, config_b)
        history["loss"].append(float(np.mean(losses)))
    return {"params": params, "history": history}
    # <<< student
