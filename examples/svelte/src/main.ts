import { mount } from 'svelte';
import 'comment-thread/define.js'; // registers <comment-thread> and <comment-count>
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
