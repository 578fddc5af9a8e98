"""The ECE a perfectly calibrated detector would show: the floor a measured ECE is read against."""

from __future__ import annotations

import numpy as np

from carbonnodes.simulate import calibration_noise_floor, expected_calibration_error


def test_the_floor_shrinks_with_more_predictions():
    few = calibration_noise_floor([0.3, 0.6, 0.9] * 70)
    many = calibration_noise_floor([0.3, 0.6, 0.9] * 700)
    assert 0.0 < many < few
    assert few > 0.03  # 210 predictions: a sampling floor near the 0.05 target


def test_a_miscalibrated_detector_sits_above_the_floor():
    rng = np.random.default_rng(1)
    conf = rng.uniform(0.5, 1.0, 2000)
    hits = list(rng.random(conf.size) < conf - 0.2)  # right 20 points less often than said
    assert expected_calibration_error(list(conf), hits) > 3 * calibration_noise_floor(list(conf))


def test_the_floor_is_deterministic_and_empty_is_nan():
    conf = [0.2, 0.5, 0.8] * 30
    assert calibration_noise_floor(conf) == calibration_noise_floor(conf)
    assert np.isnan(calibration_noise_floor([]))
