/**
 * A2P registration (issue #12): 10DLC brands, their secondary vettings and campaigns, the numbers registered to a
 * campaign, and toll-free verifications, under {@code /v1/a2p}; and what registration changes at send time.
 *
 * <p>Start reading at {@link dev.cantila.engine.a2p.A2p} (the wiring) and {@code A2pHttp} (every route). Each
 * resource is a state machine ({@code Status}: the moves in one place) stored by its own class ({@code Brands},
 * {@code Campaigns}, {@code CampaignNumbers}, {@code TollFree}); every move is a compare-and-set on the row's status
 * that writes its {@code a2p.*} webhook event and its fee in the same transaction ({@code A2pEvents}). The simulated
 * registry is {@code Reviewer} (which rows are due) with the decisions in {@code BrandReview},
 * {@code CampaignReview} and {@code TollFreeReview}: pure functions, documented in the README; what the registry
 * does on its own (suspending a brand) is {@code A2pSimHttp}, under {@code /v1/sim/a2p}. {@code A2pPolicy} is
 * what the SMS send path consults ({@link dev.cantila.engine.sms.SendPolicy}).
 */
package dev.cantila.engine.a2p;
