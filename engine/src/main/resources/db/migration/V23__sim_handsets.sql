-- What a simulated handset received (GET /v1/sim/handsets/:e164/messages) is looked up by destination.
CREATE INDEX sim_carrier_to ON sim_carrier_submissions (to_e164, accepted_at);
