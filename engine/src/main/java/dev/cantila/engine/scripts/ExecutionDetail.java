package dev.cantila.engine.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cantila.engine.http.Json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An execution record's {@code detail} as JSON that always fits its column: a run's record is written with its
 * replies in one transaction, so a record that did not fit once lost the replies too. When the whole is too long, each
 * top-level list ({@code actions}, {@code logs}) keeps its first entries, the room shared fairly between the lists,
 * and {@code <list>Dropped} says how many were left out; nothing is encoded twice. If what is not a list is itself too
 * long, only {@code truncated} and the original length remain.
 */
final class ExecutionDetail {
    /** Room kept for the {@code ...Dropped} counters and the commas between entries. */
    private static final int SLACK = 200;

    private ExecutionDetail() {
    }

    static String fit(Object detail, int max) {
        String json = Json.write(detail);
        if (json.length() <= max) {
            return json;
        }
        JsonNode tree = Json.tree(detail);
        if (tree instanceof ObjectNode object) {
            String shortened = shorten(object.deepCopy(), max);
            if (shortened != null) {
                return shortened;
            }
        }
        return Json.write(Map.of("truncated", true, "length", json.length()));
    }

    private static String shorten(ObjectNode object, int max) {
        List<String> lists = new ArrayList<>();
        object.fieldNames().forEachRemaining(k -> {
            if (object.get(k) instanceof ArrayNode) {
                lists.add(k);
            }
        });
        ObjectNode rest = object.deepCopy();
        lists.forEach(k -> rest.putArray(k));
        int room = max - Json.write(rest).length() - SLACK;
        if (room < 0) {
            return null;
        }
        // water-filling: the smallest list first takes what it needs up to an equal share of what is left
        lists.sort(Comparator.comparingInt(k -> need((ArrayNode) object.get(k))));
        int left = lists.size();
        for (String key : lists) {
            ArrayNode all = (ArrayNode) object.get(key);
            int share = room / left--;
            ArrayNode kept = object.arrayNode();
            int used = 0;
            for (JsonNode entry : all) {
                int size = Json.write(entry).length() + 1;
                if (used + size > share) {
                    break;
                }
                kept.add(entry);
                used += size;
            }
            room -= used;
            object.set(key, kept);
            if (kept.size() < all.size()) {
                object.put(key + "Dropped", all.size() - kept.size());
            }
        }
        String json = Json.write(object);
        return json.length() <= max ? json : null;
    }

    private static int need(ArrayNode list) {
        int n = 0;
        for (JsonNode entry : list) {
            n += Json.write(entry).length() + 1;
        }
        return n;
    }
}
