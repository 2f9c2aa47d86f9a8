import { useCallback, useEffect, useRef, useState } from 'react';
import { toAppError } from '../app-error';
/** Loads data on mount (and on `reload`), ignoring answers that arrive after a newer request. */
export function useLoad(fn) {
    const [data, setData] = useState(null);
    const [loading, setLoading] = useState(true);
    const [error, setError] = useState(null);
    const fnRef = useRef(fn);
    const seq = useRef(0);
    useEffect(() => {
        fnRef.current = fn;
    });
    const reload = useCallback(async () => {
        const mine = ++seq.current;
        setLoading(true);
        setError(null);
        try {
            const r = await fnRef.current();
            if (mine === seq.current)
                setData(r);
        }
        catch (e) {
            if (mine === seq.current)
                setError(toAppError(e));
        }
        finally {
            if (mine === seq.current)
                setLoading(false);
        }
    }, []);
    useEffect(() => {
        const counter = seq;
        void reload();
        return () => {
            counter.current++;
        };
    }, [reload]);
    return { data, setData, loading, error, reload };
}
