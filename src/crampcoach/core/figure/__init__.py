"""Figures: a body drawn from data, for every stretch, move and tense step.

- ``body.py``, ``muscles.py``, ``torso.py``: the body in natural proportion, its joint
  angles and the muscle regions laid on it.
- ``pose.py``, ``pose_loader.py``, ``contact_checks.py``, ``library.py``: poses read from
  ``assets/poses/*.yaml``, checked, solved and indexed by id.
- ``kinematics.py``, ``solve.py``: joint angles to joint positions, with the parts that
  rest on the floor or a prop put exactly there.
- ``geometry.py`` (``figure()``), ``shapes.py``, ``props.py``: the shapes a painter draws.
- ``svg.py``: the same shapes as SVG.
"""
