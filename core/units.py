"""Area units as the bureaus report them."""

M2_PER_MU = 10000.0 / 15.0  # 1 亩 = 666.67 m²


def m2_to_mu(m2: float) -> float:
    return m2 / M2_PER_MU


def mu_to_m2(mu: float) -> float:
    return mu * M2_PER_MU


def round_mu(mu: float) -> float:
    """Reports give 亩 with two decimals (0.01 亩 ≈ 6.67 m²)."""
    return round(mu + 0.0, 2)
